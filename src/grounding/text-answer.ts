import type { OcrLine } from '../perception/ocr.js';
import type { Box, QueryAnswer, QueryStep } from '../types.js';
import { findText } from './text.js';

/**
 * OCR lines → the answer to a question about text ("图中有没有'¥199'", "where is the price?"). Each
 * answer object is the box of the matched characters, not the whole line, labelled 'text'.
 */

/** A price as posters write it: a currency sign then digits, or digits then 元. */
export const PRICE = /[¥$€£]\s*\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s*元/gu;

type Found = { line: OcrLine; start: number; end: number; score: number };

export function answerText(lines: OcrLine[], target: QueryStep['target']): QueryAnswer {
  let found: Found[] = [];
  if ('pattern' in target && target.pattern === 'price') {
    for (const line of lines) {
      for (const m of line.text.matchAll(PRICE)) {
        const start = [...line.text.slice(0, m.index)].length;
        found.push({ line, start, end: start + [...m[0]].length, score: line.score });
      }
    }
  } else if ('pattern' in target) {
    found = lines.map((line) => ({ line, start: 0, end: [...line.text].length, score: line.score }));
  } else if (target.text !== undefined) {
    found = findText(lines, target.text).map((m) => ({ ...m, score: m.line.score * m.similarity }));
  }
  const objects = found.map((f) => ({
    label: 'text',
    box: rangeBox(f.line, f.start, f.end),
    confidence: Math.round(f.score * 100) / 100,
    text: [...f.line.text].slice(f.start, f.end).join(''),
  }));
  const answer: QueryAnswer = { exists: objects.length > 0, objects };
  if (!objects.length && lines.length) {
    answer.note = `texts found: ${lines.map((l) => `'${l.text}'`).join(', ')}`;
  }
  return answer;
}

/**
 * Axis-aligned box of characters [start, end) of a line: cut the quad along its length halfway
 * between neighbouring character centres (the recogniser's positions).
 */
function rangeBox(line: OcrLine, start: number, end: number): Box {
  const pos = line.positions;
  const n = pos.length;
  const f0 = start <= 0 || n === 0 ? 0 : (pos[start - 1] + pos[start]) / 2;
  const f1 = end >= n || n === 0 ? 1 : (pos[end - 1] + pos[end]) / 2;
  const [tl, tr, br, bl] = line.quad;
  const at = (a: [number, number], b: [number, number], f: number) => [
    a[0] + (b[0] - a[0]) * f,
    a[1] + (b[1] - a[1]) * f,
  ];
  const pts = [at(tl, tr, f0), at(tl, tr, f1), at(bl, br, f0), at(bl, br, f1)];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x = Math.floor(Math.min(...xs));
  const y = Math.floor(Math.min(...ys));
  return { x, y, width: Math.ceil(Math.max(...xs)) - x, height: Math.ceil(Math.max(...ys)) - y };
}
