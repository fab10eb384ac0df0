/**
 * Boxes of drawn text and decorations, computed by measuring rather than rendering, so the generator can
 * place things and the benchmark knows where a correct edit may change pixels.
 */
import { createCanvas } from '@napi-rs/canvas';
import { unionBox } from '../../src/image/raster.js';
import type { Box, Quad } from '../../src/types.js';
import { fontString, loadFont, type FontId } from '../../src/text/fonts.js';
import type { Align, Decoration, PosterCase } from './types.js';

const scratch = createCanvas(4, 4).getContext('2d');

/** Extra pixels around measured glyph boxes: measureText rounds, and antialiasing bleeds ~1 px. */
const AA_PAD = 2;

export interface TextStyle {
  font: FontId;
  sizePx: number;
  align: Align;
  angleDeg: number;
  anchor: { x: number; y: number };
  outline?: { width: number };
  shadow?: { dx: number; dy: number; blur: number };
}

/** The text's ink rectangle in its own (unrotated, anchor-origin) frame, outline included. */
export function localRect(text: string, s: TextStyle) {
  scratch.font = fontString(loadFont(s.font), s.sizePx);
  scratch.textAlign = s.align;
  scratch.textBaseline = 'alphabetic';
  const m = scratch.measureText(text);
  const ow = (s.outline?.width ?? 0) + AA_PAD;
  return {
    left: -m.actualBoundingBoxLeft - ow,
    right: m.actualBoundingBoxRight + ow,
    top: -m.actualBoundingBoxAscent - ow,
    bottom: m.actualBoundingBoxDescent + ow,
  };
}

/** The unclamped axis-aligned box of `text` drawn in style `s`, rotation and shadow included. */
export function rawTextBox(text: string, s: TextStyle): Box {
  const r = localRect(text, s);
  const a = (s.angleDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [lx, ly] of [
    [r.left, r.top],
    [r.right, r.top],
    [r.left, r.bottom],
    [r.right, r.bottom],
  ]) {
    xs.push(s.anchor.x + lx * cos - ly * sin);
    ys.push(s.anchor.y + lx * sin + ly * cos);
  }
  const x0 = Math.floor(Math.min(...xs));
  const y0 = Math.floor(Math.min(...ys));
  let box: Box = {
    x: x0,
    y: y0,
    width: Math.ceil(Math.max(...xs)) - x0,
    height: Math.ceil(Math.max(...ys)) - y0,
  };
  if (s.shadow) {
    // Canvas blur is a Gaussian with sigma = blur / 2; 3 sigma holds all visible shadow.
    const spread = Math.ceil(s.shadow.blur * 1.5) + 1;
    const shifted: Box = {
      x: box.x + s.shadow.dx - spread,
      y: box.y + s.shadow.dy - spread,
      width: box.width + 2 * spread,
      height: box.height + 2 * spread,
    };
    box = unionBox(box, shifted);
  }
  return box;
}

export function clampBox(b: Box, width: number, height: number): Box {
  const x = Math.max(0, b.x);
  const y = Math.max(0, b.y);
  return {
    x,
    y,
    width: Math.max(0, Math.min(width, b.x + b.width) - x),
    height: Math.max(0, Math.min(height, b.y + b.height) - y),
  };
}

/** `b` grown by `pad` on every side and clamped to the image. */
export function padBox(b: Box, pad: number, width: number, height: number): Box {
  return clampBox(
    { x: b.x - pad, y: b.y - pad, width: b.width + 2 * pad, height: b.height + 2 * pad },
    width,
    height,
  );
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function inside(b: Box, width: number, height: number, margin: number): boolean {
  return (
    b.x >= margin && b.y >= margin && b.x + b.width <= width - margin && b.y + b.height <= height - margin
  );
}

/** The box of the case's text as drawn by `renderPoster(c, which)`, without rendering. */
export function caseTextBox(c: PosterCase, which: 'old' | 'new'): Box {
  return clampBox(rawTextBox(which === 'old' ? c.oldText : c.newText, c), c.width, c.height);
}

export function decorationBox(d: Decoration): Box {
  switch (d.kind) {
    case 'text':
      return rawTextBox(d.text, { font: d.font, sizePx: d.sizePx, align: d.align, angleDeg: 0, anchor: d });
    case 'rect':
      return { x: d.x - 1, y: d.y - 1, width: d.width + 2, height: d.height + 2 };
    case 'circle':
      return { x: d.cx - d.r - 1, y: d.cy - d.r - 1, width: 2 * d.r + 2, height: 2 * d.r + 2 };
  }
}

/** Where a line aligned `align` is anchored horizontally. */
export function anchorX(align: Align, width: number): number {
  return align === 'left'
    ? Math.round(width * 0.08)
    : align === 'right'
      ? Math.round(width * 0.92)
      : width / 2;
}

/**
 * The line where the new text belongs, as a quad in image pixels (tl, tr, br, bl): the union of the
 * old and new texts' ink rectangles in their own rotated frame, padded by `pad`. Recognising this
 * quad reads the line upright, whatever its angle, without a detector deciding where it is.
 */
export function lineQuad(c: PosterCase, pad = 4): Quad {
  const a = localRect(c.oldText, c);
  const b = localRect(c.newText, c);
  const left = Math.min(a.left, b.left) - pad;
  const right = Math.max(a.right, b.right) + pad;
  const top = Math.min(a.top, b.top) - pad;
  const bottom = Math.max(a.bottom, b.bottom) + pad;
  const rad = (c.angleDeg * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const at = (lx: number, ly: number): [number, number] => [
    c.anchor.x + lx * cos - ly * sin,
    c.anchor.y + lx * sin + ly * cos,
  ];
  return [at(left, top), at(right, top), at(right, bottom), at(left, bottom)];
}

/** Union of the old and new text boxes padded by `pad`: where a correct edit may change pixels. */
export function editBox(c: PosterCase, pad = 8): Box {
  return padBox(unionBox(caseTextBox(c, 'old'), caseTextBox(c, 'new')), pad, c.width, c.height);
}
