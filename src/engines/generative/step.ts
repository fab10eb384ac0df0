import { rewritePrompt } from '../../instruction/llm.js';
import { countSet, dilateSquare, maskBounds, type Mask } from '../../image/mask.js';
import { cropRaster, type Raster } from '../../image/raster.js';
import type { EditStep, StepReport } from '../../types.js';
import type { EngineContext } from '../engine.js';
import { pasteRegion } from './compose.js';
import { frameFor } from './frame.js';
import { locate, type Perceived } from './locate.js';
import type { GenerateResult, Provider } from './provider.js';
import {
  changedOutside,
  costOf,
  cropMask,
  maskPng,
  meanChange,
  png,
  resizeMask,
  resizeRaw,
  round,
  withAlpha,
} from './pixels.js';
import { checkAnswer, register } from './register.js';
import { resilient, type Attempted, type Breaker, type CallPolicy } from './resilience.js';

export interface Call {
  provider: Provider;
  breaker: Breaker;
  policy: CallPolicy;
  signal: AbortSignal;
}

/** A region whose pixels moved less than this (mean, 0–255) was, in effect, not edited by the model. */
const UNCHANGED = 3;
/** Mean difference in the feathered band above which a seam is reported. */
const SEAM = 14;
/** Registration leaving more than this mean difference on the untouched area: the model redrew it. */
const REDRAWN = 12;

/**
 * One step on a generative engine: locate the region locally, send the context crop at the model's
 * size, register the answer to what was sent, and paste back only the region (or, for a global step,
 * the whole frame, declared global). Outside the region the input's pixels stay, bit for bit.
 */
export async function runGenerativeStep(
  img: Raster,
  step: EditStep,
  prompt: string,
  seen: Perceived,
  ctx: EngineContext,
  call: Call,
): Promise<{ raster: Raster; mask: Mask; report: StepReport }> {
  const where = await ctx.time('ground_ms', () => locate(img, step, seen, ctx.mask));
  const frame = frameFor(where.box, img.width, img.height);
  const { crop, sent } = frame;
  const sentRaster = await resizeRaw(cropRaster(img, crop), sent.width, sent.height);
  const image = await png(sentRaster);
  const regionCrop = where.region
    ? resizeMask(cropMask(where.region, img.width, crop), crop, sent)
    : undefined;
  const mask =
    regionCrop && call.provider.takesMask ? await maskPng(regionCrop, sent.width, sent.height) : undefined;
  const sentPrompt = await ctx.time('rewrite_ms', () => rewritePrompt(prompt));
  const t0 = performance.now();
  const answer: Attempted<GenerateResult> = await ctx.time('engine_ms', () =>
    resilient(
      call.provider.id,
      call.breaker,
      call.policy,
      async (signal) => {
        const got = await call.provider.generate({ image, mask, prompt: sentPrompt.prompt, ...sent, signal });
        await checkAnswer(got.image);
        return got;
      },
      call.signal,
    ),
  );
  const latency = Math.round(performance.now() - t0);
  // The untouched part of the frame, kept clear of the region by 3% of the frame: the model's
  // edges spill over.
  const keep = regionCrop
    ? dilateSquare(
        regionCrop,
        sent.width,
        sent.height,
        Math.ceil(0.03 * Math.max(sent.width, sent.height)),
      ).map((v) => (v ? 0 : 1))
    : new Uint8Array(sent.width * sent.height).fill(1);
  const { raster: registered, drift } = await ctx.time('register_ms', () =>
    register(sentRaster, answer.value.image, keep, !where.global),
  );
  const drawn = await resizeRaw(registered, crop.width, crop.height);
  const warnings = [...where.warnings, ...(sentPrompt.note ? [sentPrompt.note] : [])];
  let out: { raster: Raster; mask: Mask; edge?: number };
  if (where.global || !where.region) {
    out = { raster: withAlpha(drawn, img), mask: new Uint8Array(img.width * img.height).fill(1) };
    if (sent.width * sent.height < img.width * img.height)
      warnings.push(
        `The model drew at ${sent.width}×${sent.height}; the result was enlarged to ${img.width}×${img.height}.`,
      );
  } else {
    const grow = Math.max(2, Math.round(0.01 * Math.max(crop.width, crop.height)));
    out = pasteRegion(img, crop, drawn, where.region, grow, grow, ctx.mask);
  }
  const change = meanChange(img, out.raster, out.mask);
  const seam = out.edge !== undefined && out.edge > SEAM;
  if (seam)
    warnings.push(
      `The model's pixels and the photo's disagree along the region's edge (mean ${round(out.edge ?? 0)}): a seam may show, or the model drew past the region and was cut.`,
    );
  if (!drift.measured && !where.global)
    warnings.push(
      'Too little of the frame was left untouched to measure the model’s drift: only its size was undone.',
    );
  const redrawn = !where.global && drift.residual_after > REDRAWN;
  if (redrawn)
    warnings.push(
      `The model also redrew what it was not asked to (mean difference ${drift.residual_after} after registration); only the region was kept.`,
    );
  if (change < UNCHANGED) warnings.push('The model returned the region almost unchanged.');
  const region = out.mask.some((v) => v)
    ? where.global
      ? { x: 0, y: 0, width: img.width, height: img.height }
      : (maskBounds(out.mask, img.width, img.height) ?? crop)
    : crop;
  const report: StepReport = {
    op: step.op,
    target: step.target,
    region,
    engine: call.provider.id,
    quality: {
      outside_changed_pixels: changedOutside(img, out.raster, out.mask),
      changed_pixels: countSet(out.mask),
      region_change: round(change),
      drift_residual: drift.residual_after,
      low_confidence: change < UNCHANGED || redrawn || seam,
      ...(out.edge === undefined ? {} : { edge_difference: round(out.edge) }),
    },
    warnings,
    details: {
      ...(where.global ? { global: true } : {}),
      ...(where.found ? { target_found: where.found } : {}),
      prompt: sentPrompt.prompt,
      ...(sentPrompt.prompt !== prompt ? { prompt_typed: prompt } : {}),
      model: answer.value.model,
      request_id: answer.value.requestId ?? null,
      sent: { crop, whole: frame.whole, width: sent.width, height: sent.height, mask: mask !== undefined },
      drift,
      attempts: answer.attempts,
      latency_ms: latency,
      usage: answer.value.usage ?? null,
      cost: costOf(call.provider.id),
    },
  };
  return { ...out, report };
}
