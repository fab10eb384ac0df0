import { ScalpelError } from '../errors.js';
import { comparable, distance, findText, type TextMatch } from '../grounding/text.js';
import { deltaE, medianRgb } from '../image/color.js';
import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { missingGlyphs } from '../text/coverage.js';
import type { Box, Quad } from '../types.js';

/**
 * Where OCR misread or dropped characters of the target ('Y88' for '¥88', '买一送' for '买一送一'),
 * fit the style to what the user says is there; positions inside the range are spread evenly.
 */
export function asTheUserSaysIt(m: TextMatch, target: string) {
  const chars = [...m.line.text];
  const wanted = [...target.normalize('NFKC')];
  const pos = m.line.positions;
  const from = m.start > 0 ? (pos[m.start - 1] + pos[m.start]) / 2 : 0;
  const to = m.end < chars.length ? (pos[m.end - 1] + pos[m.end]) / 2 : 1;
  const inner = wanted.map((_, k) => from + ((k + 0.5) / wanted.length) * (to - from));
  return {
    text: [...chars.slice(0, m.start), ...wanted, ...chars.slice(m.end)].join(''),
    positions: [...pos.slice(0, m.start), ...inner, ...pos.slice(m.end)],
    end: m.start + wanted.length,
  };
}
/** Refuses, before any work, a new text the shipped fonts would draw as empty boxes. */
export function checkDrawable(text: string): void {
  const missing = missingGlyphs(text);
  if (missing.length === 0) return;
  const names = missing.map(
    (c) => `'${c}' (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`,
  );
  throw new ScalpelError(
    'UNSUPPORTED_INSTRUCTION',
    `The shipped fonts have no glyph for ${names.join(', ')}: it would be drawn as an empty box. Remove it or use another character.`,
    { stage: 'edit', details: { text, missing } },
  );
}

export interface Readback {
  text: string;
  expected: string;
  exact: boolean;
  contains_new: boolean;
  /** 1 − edit distance / length between the whole line read and the whole line expected. */
  line_similarity: number;
  score: number;
}

/** The whole line must read back this close to what was drawn: a word of old glyphs left standing fails it. */
const LINE_SIMILARITY = 0.75;

/** Whether a read-back shows the edit: the new text legible and the whole line as expected. */
export const readbackOk = (r: Readback) => r.contains_new && r.line_similarity >= LINE_SIMILARITY;

/**
 * `exact` compares the whole line strictly; `contains_new` asks whether the new text is legible,
 * tolerating OCR's known look-alike confusions (Y for ¥) as grounding does; `line_similarity`
 * scores the whole line, so that old glyphs left beside the new text count against it.
 */
export function judgeReadback(
  read: { text: string; score: number },
  drawn: { quad: Quad; expected: string },
  newText: string,
): Readback {
  const containsNew =
    comparable(read.text).includes(comparable(newText)) ||
    findText([{ text: read.text, score: read.score, quad: drawn.quad, positions: [] }], newText).length > 0;
  const got = [...comparable(read.text)];
  const want = [...comparable(drawn.expected)];
  const far = distance(want, got);
  return {
    text: read.text,
    expected: drawn.expected,
    exact: comparable(read.text) === comparable(drawn.expected),
    contains_new: containsNew,
    line_similarity: round(Math.max(0, 1 - far / Math.max(1, want.length, got.length))),
    score: round(read.score),
  };
}

/** CIE76 distance between the drawn fill (median of its solid core) and the colour asked for. */
export function colourDistance(
  img: Raster,
  core: Mask,
  target: [number, number, number],
  region: Box,
): number {
  const px: number[][] = [];
  // Every 3rd core pixel is plenty for a median.
  let k = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let i = y * img.width + region.x; i < y * img.width + region.x + region.width; i++) {
      if (core[i] && k++ % 3 === 0) px.push([img.data[i * 4], img.data[i * 4 + 1], img.data[i * 4 + 2]]);
    }
  }
  if (!px.length) return NaN;
  return deltaE(medianRgb(px), target);
}

const round = (v: number) => Math.round(v * 100) / 100;
