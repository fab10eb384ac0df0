import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Raster } from '../image/raster.js';
import type { StickerName } from '../types.js';
import { createRng } from '../rng.js';
import { type Painter } from './paint.js';
import { sakura, snowflake } from './stickers-nature.js';
import { balloon, confetti, heart } from './stickers-party.js';
import { ribbon } from './stickers-ribbon.js';
import { sparkle, star } from './stickers-sky.js';

/** The built-in decorations, keyed by the name the plan uses; every one is drawn, never loaded. */
export const STICKER_PAINTERS: Readonly<Record<StickerName, Painter>> = Object.freeze({
  sakura,
  star,
  balloon,
  snowflake,
  heart,
  sparkle,
  confetti,
  ribbon,
});

/**
 * How far a copy in a cluster may tilt, radians: radially symmetric shapes may turn freely, things
 * that hang or stand (a balloon on its string, a bow) only lean a little.
 */
export const MAX_TILT: Readonly<Record<StickerName, number>> = Object.freeze({
  sakura: Math.PI,
  star: 0.45,
  balloon: 0.2,
  snowflake: Math.PI,
  heart: 0.35,
  sparkle: 0.3,
  confetti: Math.PI,
  ribbon: 0.25,
});

/**
 * Paints a sticker into `ctx` with its square's centre at (cx, cy), `size` pixels across, turned by
 * `angle`. Drawing straight into the target layer keeps the vector edges: nothing is resampled.
 */
export function paintSticker(
  ctx: SKRSContext2D,
  name: StickerName,
  seed: number,
  at: { cx: number; cy: number; size: number; angle: number },
): void {
  const unit = at.size / 100;
  ctx.save();
  ctx.translate(at.cx, at.cy);
  ctx.rotate(at.angle);
  ctx.scale(unit, unit);
  ctx.translate(-50, -50);
  STICKER_PAINTERS[name](ctx, createRng(seed), unit);
  ctx.restore();
}

/** One sticker as a size×size RGBA raster: straight alpha on a transparent background. */
export function drawSticker(name: StickerName, size: number, seed: number): Raster {
  const side = Math.max(1, Math.round(size));
  const canvas = createCanvas(side, side);
  paintSticker(canvas.getContext('2d'), name, seed, { cx: side / 2, cy: side / 2, size: side, angle: 0 });
  const img = canvas.getContext('2d').getImageData(0, 0, side, side);
  return {
    data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.length),
    width: side,
    height: side,
  };
}
