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

/** People: the segmenter's whole-image mask is kept to the box padded by this share of its long side. */
const PERSON_PAD = 0.08;
/**
 * Other objects: the matte sees the box padded by this share. Whatever of the object reaches past
 * the crop is cut off along a straight line; centernet's cup box stops above the handle's foot,
 * which 8% left cut (a red tip under a blue handle after a recolor) and 16% takes whole.
 */
const MATTE_PAD = 0.16;
/**
 * Net input side for the crop. ISNet judges "the object" at the size it has in net pixels: when the
 * object fills most of the frame, as it does in a crop around its box, it loses the whole from
 * ~800 px on and keeps only its strongest outline. coffee.png's cup crop at 1024² gave the white
 * rim and the coffee but not the red body, at 896² part of the body; at 448–640 it gave body, rim
 * and handle whether the photo was scaled to 0.5×, 1× or 2× (so this is net pixels, not blur). A
 * crop is about 1.35× its box, so at 512² the box spans ~380 net pixels whatever its size in the
 * photo. At 384² the helmet's black visor came out with holes; at 576² and above (and at 480²)
 * the saucer left of the cup's body came with it. Run time grows with the square of the side:
 * 512² ≈ 0.4 s on 2 cores, 1024² ≈ 1.6 s.
 */
const CROP_SIDE = 512;

/** Below this share of its box, a segmenter's mask missed the object: fall back. */
const MIN_COVERAGE = 0.12;

export async function objectMask(img: Raster, label: string, box: Box): Promise<ObjectMask> {
  if (label === 'person') {
    const people = await segmentPeople(img);
    const alpha = keepInside(people, img.width, around(img, box, PERSON_PAD));
    const coverage = share(alpha, img.width, box);
    if (coverage >= MIN_COVERAGE)
      return { alpha, source: 'person segmentation in the detection box', coverage };
  }
  const area = around(img, box, MATTE_PAD);
  const local = await matteSubject(cropRaster(img, area), { side: CROP_SIDE });
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

/** The box padded by a share of its long side (+4 px, for tiny boxes), clipped to the image. */
function around(img: Raster, box: Box, share: number): Box {
  const pad = Math.round(share * Math.max(box.width, box.height)) + 4;
  return clampBox(padBox(box, pad), img.width, img.height);
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
