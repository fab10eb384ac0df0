import { routePlan, runLegs } from '../engines/index.js';
import { ScalpelError, type Stage } from '../errors.js';
import { decodeImage, encodeImage, IMAGE_FORMATS, type Decoded } from '../image/io.js';
import { cloneRaster } from '../image/raster.js';
import { checkContext, readPlan } from '../instruction/index.js';
import type { Box, EditReport, Timings } from '../types.js';
import { readAigc, withLabel, type AigcLabel } from '../provenance/aigc.js';
import {
  checkVisibleLabel,
  drawVisibleLabel,
  placeVisibleLabel,
  recordsVisible,
  visibleRecord,
  type VisibleLabel,
  type VisibleLabelOptions,
} from '../provenance/visible.js';
import { screenInputs, screenResult } from '../safety/gate.js';
import { decodeMask } from './mask.js';
import { DEFAULTS, type EditOptions } from './options.js';

export interface EditResult {
  image: Buffer;
  report: EditReport;
}

/**
 * Runs one instruction on one image: parse → decode → (models warm) → engine → encode. The edit's own
 * time is `total_ms`; one-time model loading is `load_ms`, reported apart.
 */
export async function edit(input: Buffer, instruction: string, opts: EditOptions = {}): Promise<EditResult> {
  if (opts.format !== undefined && !IMAGE_FORMATS.includes(opts.format)) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `Unknown output format '${opts.format}'. Valid formats: ${IMAGE_FORMATS.join(', ')}.`,
      {
        stage: 'args',
        details: { format: opts.format, valid: IMAGE_FORMATS },
      },
    );
  }
  const visibleLabel = opts.visibleLabel
    ? checkVisibleLabel(opts.visibleLabel === true ? {} : opts.visibleLabel)
    : undefined;
  const timings: Timings = { total_ms: 0, load_ms: 0 };
  const started = performance.now();
  let loadMs = 0;
  const time = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      timings[stage] = round((timings[stage] ?? 0) + performance.now() - t0);
    }
  };
  const guard = async <T>(stage: Stage, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw ScalpelError.from(err, stage);
    }
  };

  const context = { mask: opts.mask !== undefined, asset: opts.asset !== undefined };
  const plan =
    opts.plan ??
    (await time('parse_ms', () =>
      guard('parse', async () =>
        readPlan(instruction, {
          maxLength: opts.maxInstructionLength ?? DEFAULTS.maxInstructionLength,
          context,
        }),
      ),
    ));
  // A step that needs a mask or an asset the request lacks is refused before any image is read.
  checkContext(plan, context);
  // Who runs each step is settled here too: new content with no engine to draw it costs nothing.
  const legs = routePlan(plan, opts.engine);
  const decoded = await time('decode_ms', () =>
    guard('load', () => decodeImage(input, opts.maxPixels ?? DEFAULTS.maxPixels)),
  );
  const { raster } = decoded;
  // A cut-out needs an alpha channel in the output: refused before any model loads.
  const cutOut = plan.steps.some(
    (s) => s.op === 'replace-background' && s.params.fill.kind === 'transparent',
  );
  if (cutOut && (opts.format ?? decoded.format) === 'jpeg') {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      'A transparent background needs an output format with alpha: write .png or .webp (-o out.png).',
      { stage: 'args', details: { format: 'jpeg', valid: ['png', 'webp'] } },
    );
  }
  const userMask = opts.mask
    ? await time('decode_ms', () =>
        guard('load', () => decodeMask(opts.mask as Buffer, raster.width, raster.height)),
      )
    : undefined;
  const asset = opts.asset
    ? await time('decode_ms', () => decodeAsset(opts.asset as Buffer, opts.maxPixels ?? DEFAULTS.maxPixels))
    : undefined;
  if (opts.safety !== false)
    await time('safety_ms', () => guard('perceive', () => screenInputs(raster, plan, asset)));
  const t0 = performance.now();
  await guard('perceive', () => Promise.all(legs.map((l) => l.engine.warm(l.plan))));
  loadMs = performance.now() - t0;
  const result = await guard('edit', () =>
    runLegs(
      raster,
      legs,
      { mask: userMask, asset, time, signal: opts.signal },
      opts.engine !== undefined || opts.fallback === false,
    ),
  );
  if (opts.safety !== false && legs.some((l) => l.engine.id !== 'local'))
    await time('safety_ms', () => guard('perceive', () => screenResult(result.raster)));
  // A question changes no pixel: hand back the input as it came, with no encode and no format warnings.
  const answer = result.steps.find((s) => s.op === 'query')?.answer;
  const question = answer !== undefined && plan.steps.every((s) => s.op === 'query');
  const format = question ? decoded.format : (opts.format ?? decoded.format);
  // GB 45438-2025: every image written carries the implicit AIGC label, bound to its pixels.
  const from = question ? undefined : await readAigc(input).catch(() => undefined);
  // The visible one is drawn before the implicit label binds the pixels, so the binding covers it
  // too; on a copy, because the text step's read-back may still be reading the result.
  const wanted = visibleLabel && !question ? visibleLabel : undefined;
  const kept = wanted ? keptLabel(from, wanted, result) : undefined;
  const output = wanted && !kept ? cloneRaster(result.raster) : result.raster;
  const visible = wanted ? (kept ?? drawVisibleLabel(output, wanted)) : undefined;
  let label: AigcLabel | undefined;
  // The read-back OCR of the last text step runs in onnxruntime's threads while libvips encodes.
  const [image] = await Promise.all([
    question
      ? input
      : time('encode_ms', () =>
          guard('encode', async () => {
            const out = await withLabel(
              output,
              // Lossless WebP too: libwebp zeroes the colour under transparent pixels.
              format !== 'png',
              (xmp) => encodeImage(output, format, decoded.hasAlpha || cutOut, xmp),
              {
                produceId: opts.produceId,
                from,
                ...(visibleLabel && visible ? { visible: visibleRecord(visibleLabel) } : {}),
              },
            );
            label = out.label;
            return out.file;
          }),
        ),
    guard('edit', async () => result.checks),
  ]);

  const warnings = question ? questionWarnings(decoded) : outputWarnings(format, decoded);
  if (visible?.warning) warnings.push(visible.warning);
  timings.load_ms = round(loadMs);
  timings.total_ms = round(performance.now() - started - loadMs);
  return {
    image,
    report: {
      ok: true,
      plan,
      steps: result.steps,
      image: { width: raster.width, height: raster.height, format },
      warnings,
      timings,
      ...(answer ? { answer } : {}),
      ...(label ? { aigc: label } : {}),
      ...(visible ? { visible_label: visible } : {}),
    },
  };
}

/** The --asset image, with its errors saying which file they are about. */
async function decodeAsset(input: Buffer, maxPixels: number) {
  try {
    return (await decodeImage(input, maxPixels)).raster;
  } catch (err) {
    const e = ScalpelError.from(err, 'load');
    throw new ScalpelError(e.code, `The --asset file: ${e.message}`, {
      stage: 'load',
      details: { ...e.details, file: 'asset' },
      cause: err,
    });
  }
}

function outputWarnings(format: string, decoded: Decoded): string[] {
  const warnings: string[] = [];
  if (format === 'jpeg') {
    warnings.push(
      'JPEG output is re-compressed: pixels outside the region carry JPEG noise. Write .png for bit-exact pixels.',
    );
  }
  for (const c of decoded.conversions) {
    warnings.push(
      `Input converted on load (${c}): pixels outside the region match the converted image, not the file's raw values.`,
    );
  }
  if (decoded.orientation !== 1)
    warnings.push(`EXIF orientation ${decoded.orientation} was applied; the output is stored upright.`);
  return warnings;
}

/** A question writes no image: only where its boxes are measured can surprise. */
function questionWarnings(decoded: Decoded): string[] {
  return decoded.orientation === 1
    ? []
    : [`EXIF orientation ${decoded.orientation} was applied; boxes are in the upright image's pixels.`];
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * The input's own visible label, when its implicit label records this one and no step touched its
 * box: already there, so it is kept as it is rather than drawn over (a darker plate each version).
 */
function keptLabel(
  from: AigcLabel | undefined,
  o: Required<VisibleLabelOptions>,
  result: { raster: { width: number; height: number }; steps: { region: Box }[] },
): VisibleLabel | undefined {
  if (!recordsVisible(from?.ReservedCode2, o)) return undefined;
  const place = placeVisibleLabel(result.raster, o);
  const b = place.box;
  const touched = result.steps.some(
    ({ region: r }) =>
      r.x < b.x + b.width && b.x < r.x + r.width && r.y < b.y + b.height && b.y < r.y + r.height,
  );
  return touched ? undefined : { ...place, kept: true };
}
