import type { OcrLine } from '../perception/ocr.js';
import type { Box, Quad } from '../types.js';

/** A text to remove: a character range of one OCR line. */
export interface Hit {
  line: OcrLine;
  start: number;
  end: number;
}

/** Height of a line's quad (its left edge). */
export const lineHeight = (q: Quad) => Math.hypot(q[3][0] - q[0][0], q[3][1] - q[0][1]);

/** Axis-aligned bounding box of a quad. */
export function quadBox(q: Quad): Box {
  const xs = q.map((p) => p[0]);
  const ys = q.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
