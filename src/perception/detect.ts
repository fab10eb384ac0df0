import type { Raster } from '../image/raster.js';
import { cached, rasterKey } from '../runtime/analysis-cache.js';
import type { Box } from '../types.js';
import { loadHuman } from './human.js';

/** One COCO-80 detection in image pixels. `score` is the detector's own, uncalibrated. */
export interface DetectedObject {
  label: string;
  score: number;
  box: Box;
}

/** Loads the detector (centernet through human on tfjs-wasm) once per process. */
export async function loadDetector(): Promise<void> {
  await loadHuman();
}

/**
 * Every object centernet sees above a low floor (human's minConfidence), best first. Thresholding
 * is the caller's business: a question wants near misses too, to say how sure it is.
 */
export async function detectObjects(img: Raster): Promise<DetectedObject[]> {
  // Once per distinct image (see analysis-cache); callers own what they are given.
  const found = await cached(
    `det:${rasterKey(img)}`,
    (d) => 100 + d.length * 200,
    () => detect(img),
  );
  return structuredClone(found);
}

async function detect(img: Raster): Promise<DetectedObject[]> {
  const human = await loadHuman();
  // centernet squeezes its input to a square: a 2:1 photo's people came out half as wide and scored
  // 0.2 instead of 0.56. Padding to a square (mid grey, right and bottom) keeps their proportions.
  const side = Math.max(img.width, img.height);
  const rgb = new Int32Array(side * side * 3).fill(114);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * side + x) * 3;
      const j = (y * img.width + x) * 4;
      rgb[i] = img.data[j];
      rgb[i + 1] = img.data[j + 1];
      rgb[i + 2] = img.data[j + 2];
    }
  }
  const tensor = human.tf.tensor(rgb, [1, side, side, 3], 'int32');
  let result;
  try {
    result = await human.detect(tensor);
  } finally {
    tensor.dispose();
  }
  if (result.error) throw new Error(`object detection failed: ${result.error}`);
  return result.object
    .map((o) => ({ label: o.label, score: o.score, box: clampBox(o.box, img.width, img.height) }))
    .filter((o) => o.box.width > 0 && o.box.height > 0)
    .sort((a, b) => b.score - a.score);
}

/** Rounds to whole pixels and clips to the image: centernet's boxes may overhang the border. */
function clampBox([x, y, w, h]: [number, number, number, number], width: number, height: number): Box {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(width, Math.round(x + w));
  const y1 = Math.min(height, Math.round(y + h));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
