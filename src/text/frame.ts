import type { Box, Quad } from '../types.js';

/**
 * A text line's own coordinate frame: origin at the quad's top-left corner, `u` along the baseline
 * (reading direction), `v` across it (downwards). All style fitting happens in this frame, so rotated
 * lines need no special case.
 */
export interface LineFrame {
  ox: number;
  oy: number;
  ux: number;
  uy: number;
  vx: number;
  vy: number;
  /** Quad length along u and height along v. */
  length: number;
  height: number;
  angle: number;
}

export function frameOf(quad: Quad, dx = 0, dy = 0): LineFrame {
  const [tl, tr, , bl] = quad;
  const length = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) || 1;
  const ux = (tr[0] - tl[0]) / length;
  const uy = (tr[1] - tl[1]) / length;
  // v is u turned 90° clockwise on screen; its length comes from the quad's left edge.
  const height = Math.abs((bl[0] - tl[0]) * -uy + (bl[1] - tl[1]) * ux) || 1;
  return {
    ox: tl[0] - dx,
    oy: tl[1] - dy,
    ux,
    uy,
    vx: -uy,
    vy: ux,
    length,
    height,
    angle: Math.atan2(uy, ux),
  };
}

/** Frame coordinates (a along the line, b across) of an image point. */
export function toFrame(f: LineFrame, x: number, y: number): [number, number] {
  const px = x - f.ox;
  const py = y - f.oy;
  return [px * f.ux + py * f.uy, px * f.vx + py * f.vy];
}

export function fromFrame(f: LineFrame, a: number, b: number): [number, number] {
  return [f.ox + a * f.ux + b * f.vx, f.oy + a * f.uy + b * f.vy];
}

/** Whether a pixel centre lies within the quad grown by `grow` pixels on every side. */
export function inFrame(f: LineFrame, x: number, y: number, grow = 0, a0 = 0, a1 = f.length): boolean {
  // Inlined toFrame: this runs per pixel, so no tuple allocation.
  const px = x + 0.5 - f.ox;
  const py = y + 0.5 - f.oy;
  const a = px * f.ux + py * f.uy;
  const b = px * f.vx + py * f.vy;
  return a >= a0 - grow && a <= a1 + grow && b >= -grow && b <= f.height + grow;
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
