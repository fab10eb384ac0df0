import fs from 'node:fs/promises';
import sharp from 'sharp';
import { edit, ScalpelError } from '../../index.js';
import { decodeFitted, readHeader } from '../../image/io.js';
import { withLabel } from '../../provenance/aigc.js';
import type { WorkCallbacks, WorkOutput, WorkTask } from './executor.js';

/**
 * The edit a worker runs: on a large input, first on the image scaled to the preview size (fast,
 * shown at once), then at full resolution. A smaller input is edited at full size at once and its
 * preview is the result scaled down: sent just before it, a small download for a phone on a slow
 * network. Shared by the worker process and the in-process executor.
 */
export async function runTask(task: WorkTask, cb: WorkCallbacks, signal?: AbortSignal): Promise<WorkOutput> {
  const [input, mask, asset] = await Promise.all([
    fs.readFile(task.input),
    task.mask ? fs.readFile(task.mask) : undefined,
    task.asset ? fs.readFile(task.asset) : undefined,
  ]);
  const question = task.plan.steps.every((s) => s.op === 'query');
  // A generative engine is paid per call and redraws anyway: its preview is the result scaled down.
  const remote = (task.engine ?? 'local') !== 'local' || task.plan.steps.some((s) => s.op === 'edit');
  let previewed = false;
  if (!question && !remote && task.previewSide > 0) {
    const small = await shrink(input, mask, task.previewSide, task.previewAbove, task.maxPixels).catch(
      () => undefined,
    );
    if (small) {
      try {
        const out = await edit(small.input, task.instruction, {
          plan: task.plan,
          mask: small.mask,
          asset,
          format: 'webp',
          maxPixels: task.maxPixels,
          engine: task.engine,
          fallback: false,
          produceId: `${task.jobId}-preview`,
          visibleLabel: task.visibleLabel && { corner: task.visibleLabel },
          signal,
        });
        cb.onPreview({ image: out.image, report: out.report, source: 'edit' });
        previewed = true;
      } catch (err) {
        cb.onPreviewFailed(ScalpelError.from(err).toJSON());
      }
    }
  }
  const out = await edit(input, task.instruction, {
    plan: task.plan,
    mask,
    asset,
    format: task.format,
    maxPixels: task.maxPixels,
    engine: task.engine,
    produceId: task.jobId,
    visibleLabel: task.visibleLabel && { corner: task.visibleLabel },
    signal,
  });
  if (question) return { report: out.report };
  if (!previewed && task.previewSide > 0) {
    const side = task.previewSide;
    const small = await sharp(out.image)
      .resize(side, side, { fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raster = { data: small.data, width: small.info.width, height: small.info.height };
    // Labelled like the result it stands for (GB 45438-2025), bound to its own pixels.
    const encode = (xmp?: string) => {
      const img = sharp(small.data, { raw: { width: raster.width, height: raster.height, channels: 4 } })
        // The least effort: it is on every job's path (28 → 18 ms at 512 px) and a preview is replaced soon.
        .webp({ effort: 0 });
      return (xmp ? img.withXmp(xmp) : img).toBuffer();
    };
    const { file: data, label } = await withLabel(raster, true, encode, {
      produceId: `${task.jobId}-preview`,
      from: out.report.aigc,
    });
    const image = { width: raster.width, height: raster.height, format: 'webp' };
    cb.onPreview({ image: data, report: { ...out.report, image, aigc: label }, source: 'result' });
  }
  return { image: out.image, report: out.report };
}

/** The input (and mask) at the preview size, or undefined when the input is small enough to skip it. */
async function shrink(
  input: Buffer,
  mask: Buffer | undefined,
  side: number,
  above: number,
  maxPixels: number,
) {
  const { width: w, height: h } = await readHeader(input, maxPixels);
  if (Math.max(w, h) <= Math.max(above, side)) return undefined;
  const resize = { width: w >= h ? side : undefined, height: h > w ? side : undefined };
  // Lossless, so the preview edit sees what the full one sees, only smaller.
  const { raster: px } = await decodeFitted(input, side, maxPixels);
  const small = await sharp(px.data, { raw: { width: px.width, height: px.height, channels: 4 } })
    .png()
    .toBuffer();
  const smallMask = mask ? await sharp(mask).resize(resize).png().toBuffer() : undefined;
  return { input: small, mask: smallMask };
}
