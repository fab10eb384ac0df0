import { ScalpelError } from '../errors.js';
import type { OcrLine } from '../perception/ocr.js';

/** Where a target text was found: a character range of one OCR line. */
export interface TextMatch {
  line: OcrLine;
  lineIndex: number;
  /** Character range [start, end) in `line.text` (code points). */
  start: number;
  end: number;
  /** 1 for an exact match; lower when OCR misread characters. */
  similarity: number;
}

/** How we compare texts: NFKC, no spaces, case-insensitive (OCR drops and adds spaces freely). */
export function comparable(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * Finds every occurrence of `target` in the OCR lines. Exact (normalised) occurrences win; failing
 * those, the closest windows within an edit-distance budget (OCR misreads a character or two).
 */
export function findText(lines: OcrLine[], target: string): TextMatch[] {
  const want = [...comparable(target)];
  if (want.length === 0) return [];
  const exact: TextMatch[] = [];
  const fuzzy: TextMatch[] = [];
  // Short targets tolerate only look-alike misreads; longer ones a wrong character per four.
  const budget = want.length <= 3 ? 0.35 : want.length <= 5 ? 1 : Math.floor(want.length / 4);
  lines.forEach((line, lineIndex) => {
    const { chars, index } = comparableWithIndex(line.text);
    for (let s = 0; s + want.length <= chars.length; s++) {
      if (want.every((c, k) => chars[s + k] === c)) {
        exact.push({ line, lineIndex, start: index[s], end: index[s + want.length - 1] + 1, similarity: 1 });
      }
    }
    let bestHere: TextMatch | undefined;
    const spread = Math.floor(budget);
    for (let len = want.length - spread; len <= want.length + spread; len++) {
      for (let s = 0; len > 0 && s + len <= chars.length; s++) {
        const d = distance(want, chars.slice(s, s + len));
        if (d === 0 || d > budget) continue;
        const similarity = Math.round((1 - d / want.length) * 100) / 100;
        if (!bestHere || similarity > bestHere.similarity) {
          bestHere = { line, lineIndex, start: index[s], end: index[s + len - 1] + 1, similarity };
        }
      }
    }
    if (bestHere) fuzzy.push(bestHere);
  });
  if (exact.length) return exact;
  const top = Math.max(0, ...fuzzy.map((m) => m.similarity));
  return fuzzy.filter((m) => m.similarity === top);
}

/**
 * Like findText, but a miss is the TARGET_NOT_FOUND error listing what the image does contain.
 * `nth` picks one occurrence in reading order (1-based; -1 = the last).
 */
export function groundText(lines: OcrLine[], target: string, nth?: number): TextMatch[] {
  const matches = findText(lines, target);
  if (matches.length && nth !== undefined) {
    const pick = nth === -1 ? matches[matches.length - 1] : matches[nth - 1];
    if (pick) return [pick];
    throw new ScalpelError(
      'TARGET_NOT_FOUND',
      `There is no occurrence number ${nth} of '${target}': the image has ${matches.length}.`,
      {
        stage: 'ground',
        details: { target, nth, occurrences: matches.length, found: lines.map((l) => l.text) },
      },
    );
  }
  if (matches.length) return matches;
  const found = lines.map((l) => l.text);
  throw new ScalpelError(
    'TARGET_NOT_FOUND',
    found.length
      ? `The text '${target}' is not in the image. Texts found: ${found.map((t) => `'${t}'`).join(', ')}.`
      : `The text '${target}' is not in the image: no text was found at all.`,
    { stage: 'ground', details: { target, found } },
  );
}

function comparableWithIndex(text: string): { chars: string[]; index: number[] } {
  const chars: string[] = [];
  const index: number[] = [];
  [...text].forEach((ch, i) => {
    for (const c of comparable(ch)) {
      chars.push(c);
      index.push(i);
    }
  });
  return { chars, index };
}

/** Groups PP-OCR confuses (lower case: texts are compared lower-cased); a swap costs little. */
const LOOKALIKE = [
  '0o',
  '1li|',
  '5s',
  '8b',
  '2z',
  '¥yv',
  '6b',
  '9gq',
  '-—一',
  ':：',
  '.,·',
  '口囗',
  '己已巳',
];

function substitution(a: string, b: string): number {
  if (a === b) return 0;
  if (LOOKALIKE.some((g) => g.includes(a) && g.includes(b))) return 0.3;
  // A different digit is a different price, never a misread: 299 must not match 199.
  if (/\d/.test(a) || /\d/.test(b)) return Infinity;
  // Latin letters are rarely misread except as look-alikes; SAFE is not SALE.
  if (/[a-z]/.test(a) && /[a-z]/.test(b)) return 1.5;
  return 1;
}

const indel = (c: string) => (/\d/.test(c) ? Infinity : 1);

/** Weighted edit distance (look-alikes cheap, digits exact). */
export function distance(a: string[], b: string[]): number {
  let prev = [0];
  for (let j = 1; j <= b.length; j++) prev[j] = prev[j - 1] + indel(b[j - 1]);
  for (let i = 1; i <= a.length; i++) {
    const cur = [prev[0] + indel(a[i - 1])];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j] + indel(a[i - 1]),
        cur[j - 1] + indel(b[j - 1]),
        prev[j - 1] + substitution(a[i - 1], b[j - 1]),
      );
    }
    prev = cur;
  }
  return prev[b.length];
}
