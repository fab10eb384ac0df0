import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planInstruction } from '../instruction/index.js';
import type { RequestContext } from '../instruction/index.js';
import { checkPlanShape } from './schema.js';

const CORPUS = fileURLToPath(new URL('../../test/phrases/', import.meta.url));

describe('the plan schema', () => {
  it('accepts every plan the grammar makes from the corpus (the schema and types.ts agree)', () => {
    const rejected: string[] = [];
    let checked = 0;
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.jsonl'))) {
      for (const line of readFileSync(path.join(CORPUS, file), 'utf8').split('\n')) {
        if (line.trim() === '' || line.startsWith('#')) continue;
        const e = JSON.parse(line) as { in: string; ctx?: RequestContext };
        let plan;
        try {
          plan = planInstruction(e.in, { context: e.ctx ?? {} });
        } catch {
          continue;
        }
        checked++;
        const r = checkPlanShape(JSON.parse(JSON.stringify(plan)));
        if (!r.ok) rejected.push(`${e.in}: ${r.problems.join('; ')}`);
      }
    }
    expect(checked).toBeGreaterThan(1500);
    expect(rejected).toEqual([]);
  });

  it('rejects what no engine can run, saying where', () => {
    const bad = (steps: unknown[]) => checkPlanShape({ version: 1, instruction: 'x', steps });
    expect(bad([])).toMatchObject({ ok: false });
    expect(bad([{ op: 'explode', target: {}, params: {} }])).toMatchObject({ ok: false });
    const colour = bad([
      {
        op: 'recolor',
        target: { kind: 'object', label: 'cup', phrase: 'cup' },
        params: { color: { kind: 'solid', rgb: [300, 0, 0] } },
      },
    ]);
    expect(colour.ok).toBe(false);
    if (!colour.ok) expect(colour.problems[0]).toMatch(/^steps\.0\.params\.color\.rgb\.0:/u);
    expect(bad([{ op: 'remove', target: { kind: 'mask', phrase: 'this' }, params: {}, extra: 1 }]).ok).toBe(
      false,
    );
    expect(bad([{ op: 'remove', target: { kind: 'mask', phrase: 'this' }, params: {} }]).ok).toBe(true);
  });
});
