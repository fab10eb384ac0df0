/**
 * The baseline: what a designer in a hurry does, handed the exact box of the old text (the ground
 * truth, so the baseline never fails to find it). Paint the box over with the median colour of a
 * 3-px ring around it, then type the new text in sans-regular, in the original fill colour (or the
 * requested solid colour; the first stop of a requested gradient), as tall as the box allows, centred,
 * unrotated, with no outline and no shadow.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import sharp from 'sharp';
import type { Box, ColorSpec, Rgb } from '../src/types.js';
import { fontString, loadFont } from '../src/text/fonts.js';
import { median } from './metrics.js';

export interface BaselineResult {
  /** PNG of the edited poster. */
  image: Buffer;
  /** Where the baseline painted: the box it was given. */
  region: Box;
  timings: { total_ms: number };
}

export interface BaselineInput {
  /** The poster to edit (PNG). */
  png: Buffer;
  /** Box of the old text, from the ground truth. */
  box: Box;
  newText: string;
  /** Fill colour of the old text. */
  color: Rgb;
  /** Colour the instruction asked for, if any. */
  newColor?: ColorSpec;
}

const RING = 3;

/** Per-channel median of the `RING`-px band just outside `box` (clamped to the image). */
export function ringMedian(rgba: Uint8Array, width: number, height: number, box: Box): Rgb {
  const chans: number[][] = [[], [], []];
  const x0 = Math.max(0, box.x - RING);
  const y0 = Math.max(0, box.y - RING);
  const x1 = Math.min(width, box.x + box.width + RING);
  const y1 = Math.min(height, box.y + box.height + RING);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const inBox = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
      if (inBox) continue;
      const i = (y * width + x) * 4;
      for (let k = 0; k < 3; k++) chans[k].push(rgba[i + k]);
    }
  }
  if (chans[0].length === 0) return [255, 255, 255];
  return chans.map((c) => Math.round(median(c))) as Rgb;
}

export async function baselineEdit(input: BaselineInput): Promise<BaselineResult> {
  const t0 = performance.now();
  const { data, info } = await sharp(input.png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const box = input.box;
  const fill = ringMedian(data, width, height, box);

  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(await loadImage(input.png), 0, 0);
  ctx.fillStyle = `rgb(${fill.join(', ')})`;
  ctx.fillRect(box.x, box.y, box.width, box.height);

  const ink: Rgb = !input.newColor
    ? input.color
    : input.newColor.kind === 'solid'
      ? input.newColor.rgb
      : input.newColor.stops[0];
  const face = loadFont('sans-regular');
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  // Size the ink to the box height, shrinking if that makes it wider than the box.
  ctx.font = fontString(face, 100);
  const probe = ctx.measureText(input.newText);
  const inkH = Math.max(1, probe.actualBoundingBoxAscent + probe.actualBoundingBoxDescent);
  const inkW = Math.max(1, probe.actualBoundingBoxLeft + probe.actualBoundingBoxRight);
  const px = Math.max(4, 100 * Math.min(box.height / inkH, box.width / inkW));
  ctx.font = fontString(face, px);
  const m = ctx.measureText(input.newText);
  const h = m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
  const cx = box.x + box.width / 2 + (m.actualBoundingBoxLeft - m.actualBoundingBoxRight) / 2;
  const baseline = box.y + (box.height - h) / 2 + m.actualBoundingBoxAscent;
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.width, box.height); // a designer's text frame: nothing spills out
  ctx.clip();
  ctx.fillStyle = `rgb(${ink.join(', ')})`;
  ctx.fillText(input.newText, cx, baseline);
  ctx.restore();

  const image = await canvas.encode('png');
  return { image, region: box, timings: { total_ms: performance.now() - t0 } };
}
