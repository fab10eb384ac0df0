import { createCanvas } from '@napi-rs/canvas';
import type { Raster } from '../image/raster.js';
import type { Anchor, StickerName } from '../types.js';
import { createRng } from '../rng.js';
import { between } from './paint.js';
import { anchorAxes } from './place.js';
import { MAX_TILT, paintSticker } from './stickers.js';

/** One copy in a cluster, in the cluster box's pixel coordinates. */
export interface StickerCopy {
  cx: number;
  cy: number;
  size: number;
  angle: number;
  seed: number;
}

/** Share of the box the copies' squares cover together: dense enough to read as one group. */
const FILL = 0.55;
const CANDIDATES = 24;
const GOLDEN = 0.618034;

/**
 * Scatters `count` copies inside a width×height box, deterministically from `seed`. One copy fills
 * the box. Several fan out from the anchor point (the box corner or edge the anchor names, or its
 * centre) like seeds in a sunflower head: a golden-angle spiral over a sector facing into the image,
 * denser near the anchor, the largest copies nearest it and sizes falling to 0.6 of that at the rim.
 * Every copy's square lies inside the box, so a rotated copy never leaves it (ink stays in its circle).
 */
export function scatter(
  name: StickerName,
  count: number,
  width: number,
  height: number,
  anchor: Anchor,
  seed: number,
): StickerCopy[] {
  const side = Math.min(width, height);
  if (count === 1) return [{ cx: width / 2, cy: height / 2, size: side, angle: 0, seed }];
  const rng = createRng(seed);
  const { h, v } = anchorAxes(anchor);
  const target = { x: ((h + 1) / 2) * width, y: ((v + 1) / 2) * height };
  // The sector opens into the image: a quarter disc from a corner, a half from an edge, all round
  // from the centre; the radii make each sector cover about as much of the box.
  const named = Math.abs(h) + Math.abs(v);
  const facing = named === 0 ? 0 : Math.atan2(-v, -h);
  const spread = [Math.PI, Math.PI / 2, Math.PI / 4][named];
  const reach = [0.6, 0.85, 1.15][named] * side;
  const biggest = Math.min(side * 0.5, Math.sqrt((FILL * width * height) / count));
  const copies: StickerCopy[] = [];
  const phase = rng();
  for (let i = 0; i < count; i++) {
    const rank = i / (count - 1);
    const size = biggest * Math.min(1, Math.max(0.6, 1 - 0.4 * rank + between(rng, -0.05, 0.05)));
    const r = size / 2;
    const rho = reach * ((i + 0.5) / count) ** 0.8;
    const theta = facing + spread * (2 * ((phase + i * GOLDEN) % 1) - 1) * 0.9;
    const ideal = { x: target.x + rho * Math.cos(theta), y: target.y + rho * Math.sin(theta) };
    let best = { x: 0, y: 0, score: -Infinity };
    for (let k = 0; k < CANDIDATES; k++) {
      // The first candidate is the ideal spot itself; the rest wander up to a copy's size from it.
      const jitter = k === 0 ? 0 : size * Math.sqrt(rng());
      const a = rng() * Math.PI * 2;
      const x = clamp(ideal.x + jitter * Math.cos(a), r, width - r);
      const y = clamp(ideal.y + jitter * Math.sin(a), r, height - r);
      // Overlapping by up to a third of the radii reads as a bunch; more than that hides a copy.
      let room = 0.1;
      for (const c of copies)
        room = Math.min(room, (Math.hypot(x - c.cx, y - c.cy) - (r + c.size / 2) * 0.62) / size);
      const score = room * 4 - Math.hypot(x - ideal.x, y - ideal.y) / size;
      if (score > best.score) best = { x, y, score };
    }
    const tilt = MAX_TILT[name];
    copies.push({ cx: best.x, cy: best.y, size, angle: between(rng, -tilt, tilt), seed: seed + i + 1 });
  }
  return copies;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));

/** Paints the copies into one layer, smallest first, so the big ones near the anchor sit on top. */
export function paintCluster(
  name: StickerName,
  copies: StickerCopy[],
  width: number,
  height: number,
): Raster {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  for (const c of [...copies].sort((a, b) => a.size - b.size)) paintSticker(ctx, name, c.seed, c);
  const img = ctx.getImageData(0, 0, width, height);
  return { data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.length), width, height };
}
