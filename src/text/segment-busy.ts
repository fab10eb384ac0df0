import { deltaE, medianRgb } from '../image/color.js';
import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import type { Rgb } from '../types.js';
import type { PlaneModel } from './background.js';
import { inFrame, toFrame, type LineFrame } from './frame.js';
import type { Segmentation } from './segment.js';

/**
 * On a busy photo the text is the one steady colour inside its box that the surroundings lack:
 * take the colour most over-represented in the line's middle band compared with the background
 * around the line as the fill, and as ink every pixel close to it. (An outline, if any, is found
 * later around the fitted glyphs.)
 */
export function byColour(
  patch: Raster,
  frame: LineFrame,
  region: Mask,
  bgSample: Mask,
  plane: PlaneModel,
): Segmentation {
  const { width: w, height: h, data } = patch;
  const inside = new Map<number, number[]>();
  const outside = new Map<number, number>();
  let nIn = 0;
  let nOut = 0;
  const key = (i: number) =>
    ((data[i * 4] >> 4) << 8) | ((data[i * 4 + 1] >> 4) << 4) | (data[i * 4 + 2] >> 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (bgSample[i]) {
        outside.set(key(i), (outside.get(key(i)) ?? 0) + 1);
        nOut++;
      }
      if (!region[i]) continue;
      const [, b] = toFrame(frame, x + 0.5, y + 0.5);
      if (b < frame.height * 0.3 || b > frame.height * 0.7) continue;
      let list = inside.get(key(i));
      if (!list) inside.set(key(i), (list = []));
      list.push(i);
      nIn++;
    }
  }
  const ranked = [...inside.entries()]
    .map(([k, list]) => ({
      list,
      gain: list.length / Math.max(1, nIn) - (outside.get(k) ?? 0) / Math.max(1, nOut),
    }))
    .sort((a, b) => b.gain - a.gain);
  const px = (i: number): Rgb => [data[i * 4], data[i * 4 + 1], data[i * 4 + 2]];
  const fills = ranked.slice(0, 1).map((r) => medianRgb(r.list.map(px)));
  // An outlined line has two such colours (fill and outline); offer the next distinct one too,
  // and let the style fit decide which is the fill.
  const second = ranked
    .slice(1)
    .find((r) => r.gain > 0 && deltaE(medianRgb(r.list.map(px)), fills[0] ?? [0, 0, 0]) > 25);
  if (second) fills.push(medianRgb(second.list.map(px)));
  const [first, ...rest] = fills.map((fill) => inkOfColour(patch, frame, region, plane, fill));
  return { ...first, alternatives: rest };
}

function inkOfColour(
  patch: Raster,
  frame: LineFrame,
  region: Mask,
  plane: PlaneModel,
  fill: Rgb,
): Segmentation {
  const { width: w, height: h, data } = patch;
  const contrast = new Float32Array(w * h);
  const near = new Uint8Array(w * h);
  for (let i = 0; i < near.length; i++) {
    const d = Math.hypot(data[i * 4] - fill[0], data[i * 4 + 1] - fill[1], data[i * 4 + 2] - fill[2]);
    // "Contrast" here is closeness to the text colour, so that stronger still means inkier.
    contrast[i] = Math.max(0, 255 - d);
    if (d < 48) near[i] = 1;
  }
  const ink = keepGlyphBlobs(near, frame, w, h);
  for (let i = 0; i < ink.length; i++) if (!region[i]) ink[i] = 0;
  return { plane, contrast, ink, inkLoose: ink, fill };
}

/**
 * Keeps the blobs of the text's colour that stay within the line's box (grown by half a height):
 * glyphs sit inside the detected box, while a photo's patches of the same colour run on past it.
 */
function keepGlyphBlobs(near: Mask, frame: LineFrame, w: number, h: number): Mask {
  const out = new Uint8Array(near.length);
  const seen = new Uint8Array(near.length);
  const reach = frame.height * 0.5;
  const stack: number[] = [];
  for (let start = 0; start < near.length; start++) {
    if (!near[start] || seen[start]) continue;
    const blob: number[] = [];
    let strays = false;
    stack.push(start);
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      blob.push(i);
      const x = i % w;
      const y = (i - x) / w;
      if (!inFrame(frame, x, y, reach)) strays = true;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const j = ny * w + nx;
          if (near[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    if (!strays) for (const i of blob) out[i] = 1;
  }
  return out;
}
