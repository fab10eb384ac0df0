/**
 * Where new content goes (the `edit` step's target), on held-out wordings (test/where/*.jsonl: written
 * by someone who saw none of the code). Like the corpus, known misses are listed in
 * test/where/known-misses.txt: an unlisted miss fails, and so does a listed one that starts passing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../src/errors.js';
import { parseInstruction } from '../src/instruction/index.js';

const DIR = fileURLToPath(new URL('./where/', import.meta.url));

/** What the parser decided: object:<label>, background, image, or why there is no edit step. */
export function whereOf(sentence: string): string {
  try {
    const step = parseInstruction(sentence).steps.find((s) => s.op === 'edit');
    if (!step) return 'no edit step';
    return step.target.kind === 'object' ? `object:${step.target.label}` : step.target.kind;
  } catch (err) {
    return err instanceof ScalpelError ? err.code : String(err);
  }
}

const entries = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) =>
    readFileSync(path.join(DIR, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => JSON.parse(l) as { in: string; where: string }),
  );
const known = new Set(
  readFileSync(path.join(DIR, 'known-misses.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => JSON.parse(l) as string),
);

describe('where new content goes, on unseen wordings', () => {
  it('matches what a person means, apart from the known misses', () => {
    const misses = entries.filter((e) => whereOf(e.in) !== e.where);
    console.log(`${entries.length - misses.length} of ${entries.length} right`);
    expect(
      misses.filter((e) => !known.has(e.in)).map((e) => `${e.in}: ${whereOf(e.in)} ≠ ${e.where}`),
    ).toEqual([]);
    expect(
      [...known].filter((k) => !misses.some((m) => m.in === k)),
      'listed but now right',
    ).toEqual([]);
  });
});
