/**
 * The instruction corpus (test/phrases/*.jsonl, format in test/phrases/README.md): sentences as
 * people type them, each with the plan a person means. Every entry is parsed as a request would be
 * (with its mask/asset context) and compared as a subset. Entries listed in known-failures.txt are
 * the parser's known gaps: the suite fails when an unlisted entry fails, and when a listed one starts
 * passing (so the list only shrinks, on purpose).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../src/errors.js';
import { localEngine } from '../src/engines/local.js';
import { route } from '../src/engines/router.js';
import { planInstruction, type RequestContext } from '../src/instruction/index.js';

const DIR = fileURLToPath(new URL('./phrases/', import.meta.url));

interface Entry {
  in: string;
  ctx?: RequestContext;
  steps?: unknown[];
  error?: string;
  file: string;
  line: number;
}

function load(): Entry[] {
  const out: Entry[] = [];
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    readFileSync(path.join(DIR, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (text.trim() === '' || text.startsWith('#')) return;
        out.push({ ...(JSON.parse(text) as Omit<Entry, 'file' | 'line'>), file, line: i + 1 });
      });
  }
  return out;
}

/** Where `actual` differs from the subset `expected`, as a path; undefined when it matches. */
export function mismatch(expected: unknown, actual: unknown, at = ''): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return `${at}: expected ${expected.length} item(s), got ${JSON.stringify(actual)}`;
    for (const [i, e] of expected.entries()) {
      const m = mismatch(e, actual[i], `${at}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object')
      return `${at}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [k, e] of Object.entries(expected)) {
      const m = mismatch(e, (actual as Record<string, unknown>)[k], `${at}.${k}`);
      if (m) return m;
    }
    return undefined;
  }
  if (typeof expected === 'number' && typeof actual === 'number' && Math.abs(expected - actual) < 1e-6)
    return undefined;
  return expected === actual
    ? undefined
    : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** Why the entry's plan is not what a person means; undefined when it is. */
function judge(e: Entry): string | undefined {
  let plan;
  try {
    plan = planInstruction(e.in, { context: e.ctx ?? {} });
    // As the default configuration answers: new content (an `edit` step) has no engine to draw it.
    route(plan, [localEngine]);
  } catch (err) {
    if (!(err instanceof ScalpelError)) return `threw a non-ScalpelError: ${String(err)}`;
    if (e.error === err.code) return undefined;
    return `${err.code}: ${err.message}`;
  }
  if (e.error) return `expected ${e.error}, got a plan: ${JSON.stringify(plan.steps)}`;
  return mismatch(e.steps, plan.steps, 'steps');
}

const entries = load();
const known = new Set(
  readFileSync(path.join(DIR, 'known-failures.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => JSON.parse(l) as string),
);

describe('the instruction corpus', () => {
  it('holds at least 400 distinct instructions, each with a plan or an error code', () => {
    expect(entries.length).toBeGreaterThanOrEqual(400);
    expect(new Set(entries.map((e) => e.in)).size).toBe(entries.length);
    for (const e of entries) expect(Boolean(e.steps) !== Boolean(e.error), `${e.file}:${e.line}`).toBe(true);
    for (const k of known)
      expect(
        entries.some((e) => e.in === k),
        `known failure not in the corpus: ${k}`,
      ).toBe(true);
  });

  const files = [...new Set(entries.map((e) => e.file))];
  it.each(files)('%s: every entry gives the plan a person means, apart from the known failures', (file) => {
    const results = entries.filter((e) => e.file === file).map((e) => ({ e, why: judge(e) }));
    const failing = results.filter((r) => r.why !== undefined && !known.has(r.e.in));
    const fixed = results.filter((r) => r.why === undefined && known.has(r.e.in));
    const passed = results.filter((r) => r.why === undefined).length;
    console.log(
      `${file}: ${passed} of ${results.length} pass (${((100 * passed) / results.length).toFixed(1)}%)`,
    );
    expect(failing.map((r) => `${file}:${r.e.line} ${r.e.in} — ${r.why}`)).toEqual([]);
    expect(
      fixed.map((r) => `${file}:${r.e.line} ${r.e.in} now passes: take it off known-failures.txt`),
    ).toEqual([]);
  });
});
