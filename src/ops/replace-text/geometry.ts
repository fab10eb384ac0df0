import { distanceTo, type Mask } from '../../image/mask.js';
import { fromFrame, type frameOf } from '../../text/frame.js';
import type { measureInk } from '../../text/render.js';
import type { Box, Quad } from '../../types.js';

/** Bounding box of a quad, relative to the patch at `p`. */
export function boundsOf(q: Quad, p: Box): Box {
  const xs = q.map((c) => c[0] - p.x);
  const ys = q.map((c) => c[1] - p.y);
  return {
    x: Math.min(...xs),
    y: Math.min(...ys),
    width: Math.max(...xs) - Math.min(...xs),
    height: Math.max(...ys) - Math.min(...ys),
  };
}

export function shiftQuad(q: Quad, p: Box): Quad {
  return q.map(([x, y]) => [x - p.x, y - p.y]) as Quad;
}

/** Image-space box of text drawn from frame position (a, b), grown by `reach`. */
export function inkBox(
  frame: ReturnType<typeof frameOf>,
  p1: Box,
  a: number,
  b: number,
  ink: ReturnType<typeof measureInk>,
  reach: number,
): Box {
  const corners = [
    fromFrame(frame, a + ink.left - reach, b - ink.ascent - reach),
    fromFrame(frame, a + ink.right + reach, b - ink.ascent - reach),
    fromFrame(frame, a + ink.left - reach, b + ink.descent + reach),
    fromFrame(frame, a + ink.right + reach, b + ink.descent + reach),
  ];
  const xs = corners.map((c) => c[0] + p1.x);
  const ys = corners.map((c) => c[1] + p1.y);
  return {
    x: Math.min(...xs),
    y: Math.min(...ys),
    width: Math.max(...xs) - Math.min(...xs),
    height: Math.max(...ys) - Math.min(...ys),
  };
}

/** The quad around the drawn line that read-back looks at, in image coordinates. */
export function readbackQuad(
  frame: ReturnType<typeof frameOf>,
  p1: Box,
  a0: number,
  a1: number,
  h: number,
): Quad {
  const m = h * 0.1;
  const pts = [
    fromFrame(frame, a0 - m, -m),
    fromFrame(frame, a1 + m, -m),
    fromFrame(frame, a1 + m, h + m),
    fromFrame(frame, a0 - m, h + m),
  ];
  return pts.map(([x, y]) => [x + p1.x, y + p1.y]) as Quad;
}

/** Fully covered fill pixels at least a pixel away from the glyph edge, in image coordinates. */
export function coreMask(layer: Uint8Array, at: Box, w: number, h: number): Mask {
  const solid = new Uint8Array(at.width * at.height);
  for (let i = 0; i < solid.length; i++) solid[i] = layer[i * 4 + 3] >= 250 ? 1 : 0;
  const depth = distanceTo(solid, at.width, at.height, false);
  const out = new Uint8Array(w * h);
  for (let i = 0; i < solid.length; i++) {
    if (depth[i] >= 1.5) out[(Math.floor(i / at.width) + at.y) * w + (i % at.width) + at.x] = 1;
  }
  return out;
}
