import { clampBox, cropRaster, padBox, type Raster } from '../image/raster.js';
import { matteSubject } from '../perception/matte.js';
import { segmentPeople } from '../perception/people.js';
import type { Box } from '../types.js';

/**
 * A detection box → a soft pixel mask (0..255) of the object in it. People come from the person
 * segmenter; any other class from the salient-object matte run on the box's neighbourhood, where
 * the detected object is the salient thing. Either way the mask is kept to the (padded) box, so a
 * second person or a second cup elsewhere is never taken along.
 */

export interface ObjectMask {
  alpha: Uint8Array;
  /** How the mask was made, for the report. */
  source: string;
  /** Share of the box the mask covers (≥ 128). */
  coverage: number;
}

/** Below this share of its box, a segmenter's mask missed the object: fall back. */
const MIN_COVERAGE = 0.12;

export async function objectMask(img: Raster, label: string, box: Box): Promise<ObjectMask> {
  const pad = Math.round(0.08 * Math.max(box.width, box.height)) + 4;
  const area = clampBox(padBox(box, pad), img.width, img.height);
  if (label === 'person') {
    const people = await segmentPeople(img);
    const alpha = keepInside(people, img.width, area);
    const coverage = share(alpha, img.width, box);
    if (coverage >= MIN_COVERAGE)
      return { alpha, source: 'person segmentation in the detection box', coverage };
  }
  const crop = cropRaster(img, area);
  const local = await matteSubject(crop);
  const alpha = new Uint8Array(img.width * img.height);
  for (let y = 0; y < area.height; y++) {
    alpha.set(local.subarray(y * area.width, (y + 1) * area.width), (area.y + y) * img.width + area.x);
  }
  const coverage = share(alpha, img.width, box);
  if (coverage >= MIN_COVERAGE)
    return { alpha, source: 'salient-object matte in the detection box', coverage };
  return {
    alpha: ellipse(img.width, img.height, box),
    source: 'ellipse in the detection box (no segment found)',
    coverage: 0.785,
  };
}

function keepInside(mask: Uint8Array, w: number, box: Box): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = box.y; y < box.y + box.height; y++) {
    out.set(mask.subarray(y * w + box.x, y * w + box.x + box.width), y * w + box.x);
  }
  return out;
}

function share(alpha: Uint8Array, w: number, box: Box): number {
  let on = 0;
  for (let y = box.y; y < box.y + box.height; y++)
    for (let x = box.x; x < box.x + box.width; x++) if (alpha[y * w + x] >= 128) on++;
  return on / Math.max(1, box.width * box.height);
}

/** The box's inscribed ellipse with a 2-px soft edge: a last resort the report flags. */
function ellipse(w: number, h: number, box: Box): Uint8Array {
  const out = new Uint8Array(w * h);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const rx = box.width / 2;
  const ry = box.height / 2;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const d = Math.hypot((x + 0.5 - cx) / rx, (y + 0.5 - cy) / ry);
      const edge = (1 - d) * Math.min(rx, ry);
      out[y * w + x] = Math.round(255 * Math.max(0, Math.min(1, edge / 2 + 0.5)));
    }
  }
  return out;
}
