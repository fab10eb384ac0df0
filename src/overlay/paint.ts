import type { SKRSContext2D } from '@napi-rs/canvas';

/**
 * Draws one decoration in a 100×100 unit frame centred on (50, 50). All ink stays within 48 units
 * of the centre, so a copy rotated by any angle still fits its square. `px` is device pixels per
 * unit: canvas shadows ignore the transform, so blur and offsets are given in pixels.
 */
export type Painter = (ctx: SKRSContext2D, rng: () => number, px: number) => void;

/** A value in [lo, hi) from the generator. */
export const between = (rng: () => number, lo: number, hi: number): number => lo + (hi - lo) * rng();

/** One colour family: highlight, body and shade, so every part of a sticker shares a palette. */
export interface Tone {
  light: string;
  base: string;
  dark: string;
}

/** A soft drop shadow for the next fill; `px` keeps it the same relative size at any scale. */
export function softShadow(ctx: SKRSContext2D, px: number, color: string, blur = 2.2, dy = 1.2): void {
  ctx.shadowColor = color;
  ctx.shadowBlur = blur * px;
  ctx.shadowOffsetX = 0;
  ctx.shadowOffsetY = dy * px;
}

export function noShadow(ctx: SKRSContext2D): void {
  ctx.shadowColor = 'rgba(0,0,0,0)';
  ctx.shadowBlur = 0;
  ctx.shadowOffsetY = 0;
}

/** A white highlight that fades out: the gloss on balloons and hearts. */
export function gloss(
  ctx: SKRSContext2D,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  angle: number,
  alpha: number,
): void {
  ctx.save();
  ctx.translate(cx, cy);
  ctx.rotate(angle);
  ctx.scale(1, ry / rx);
  const g = ctx.createRadialGradient(0, 0, 0, 0, 0, rx);
  g.addColorStop(0, `rgba(255,255,255,${alpha})`);
  g.addColorStop(0.55, `rgba(255,255,255,${alpha * 0.45})`);
  g.addColorStop(1, 'rgba(255,255,255,0)');
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.arc(0, 0, rx, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
}
