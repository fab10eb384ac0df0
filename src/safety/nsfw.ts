import { createRequire } from 'node:module';
import sharp from 'sharp';
import path from 'node:path';
import { ScalpelError } from '../errors.js';
import type { Raster } from '../image/raster.js';
import { cached, rasterKey } from '../runtime/analysis-cache.js';

/**
 * Sexual-content screening with nsfwjs 4.3.0, pinned (MobileNetV2, its weights bundled in the package;
 * 4.4.0 gives the same scores but declares `engines: node 22.13.0`, a warning on every install) on
 * @tensorflow/tfjs's wasm backend: ≈ 0.4 s to load once, ≈ 90 ms an image. `Porn` + `Hentai` at or
 * over the threshold (`SCALPEL_NSFW_THRESHOLD`, default 0.6) is refused; `Sexy` alone is not
 * (swimwear and lingerie are products too).
 */
type Model = { classify(img: unknown, topk?: number): Promise<{ className: string; probability: number }[]> };
type Tf = typeof import('@tensorflow/tfjs');

/** MobileNetV2's input side. */
const SIDE = 224;

let loading: Promise<{ model: Model; tf: Tf }> | undefined;

export function loadNsfw(): Promise<{ model: Model; tf: Tf }> {
  loading ??= (async () => {
    try {
      const tf = await import('@tensorflow/tfjs');
      const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
      const require = createRequire(import.meta.url);
      setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
      if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
      await tf.ready();
      // The bundled model: nothing is fetched. nsfwjs announces it on the console; keep that quiet.
      const quiet = ['log', 'info', 'warn'] as const;
      const saved = quiet.map((k) => console[k]);
      for (const k of quiet) console[k] = () => undefined;
      try {
        const nsfw = await import('nsfwjs');
        return { model: (await nsfw.load('MobileNetV2')) as unknown as Model, tf };
      } finally {
        quiet.forEach((k, i) => (console[k] = saved[i]));
      }
    } catch (err) {
      loading = undefined;
      throw new ScalpelError('MODEL_LOAD_FAILED', 'Could not load the NSFW classifier (nsfwjs).', {
        stage: 'perceive',
        cause: err,
      });
    }
  })();
  return loading;
}

export function nsfwThreshold(): number {
  const t = Number(process.env.SCALPEL_NSFW_THRESHOLD ?? 0.6);
  return Number.isFinite(t) && t > 0 ? t : 0.6;
}

/** The classifier's five scores for an image (once per distinct image). */
export function nsfwScores(img: Raster): Promise<Record<string, number>> {
  return cached(
    `nsfw:${rasterKey(img)}`,
    () => 200,
    async () => {
      const { model, tf } = await loadNsfw();
      // The net sees 224²: shrink here (libvips, area-averaged), not as a full-size tensor in the
      // wasm heap, which never shrinks back (a 40 MP upload would hold over a GB there).
      const small = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } })
        .removeAlpha()
        .resize(SIDE, SIDE, { fit: 'fill' })
        .raw()
        .toBuffer();
      const x = tf.tensor3d(new Int32Array(small), [SIDE, SIDE, 3], 'int32');
      try {
        const preds = await model.classify(x, 5);
        return Object.fromEntries(preds.map((p) => [p.className, Math.round(p.probability * 1000) / 1000]));
      } finally {
        x.dispose();
      }
    },
  );
}

/** Refuses sexual content: which image (`what`), and the scores that decided. */
export async function refuseUnsafe(img: Raster, what: 'image' | 'asset' | 'result'): Promise<void> {
  const scores = await nsfwScores(img);
  const explicit = (scores.Porn ?? 0) + (scores.Hentai ?? 0);
  const threshold = nsfwThreshold();
  if (explicit < threshold) return;
  throw new ScalpelError(
    'UNSAFE_CONTENT',
    `Refused: the ${what} was classified as sexual content (${Math.round(explicit * 100)}% Porn + Hentai, threshold ${Math.round(threshold * 100)}%).`,
    { stage: 'perceive', details: { what, scores, threshold } },
  );
}
