// Here, not in common/: only the text edit reads back what it drew and measures its colour.
import { comparable, distance, findText } from '../../grounding/text.js';
import { deltaE, medianRgb } from '../../image/color.js';
import type { Mask } from '../../image/mask.js';
import type { Raster } from '../../image/raster.js';
import type { Box, Quad } from '../../types.js';

/** What OCR reads where a line was drawn, against what was drawn there. */
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
