// Shared by remove, recolor, replace-background, add and adjust: their steps end the same way.
import type { Grounded } from '../../grounding/target.js';
import { countSet, maskBounds, type Mask } from '../../image/mask.js';
import type { Raster } from '../../image/raster.js';
import type { AddStep, AdjustStep, RecolorStep, RemoveStep, ReplaceBackgroundStep } from '../../types.js';
import { countChangedOutside } from './masks.js';
import type { OpContext, Perceived, StepOutcome } from './op.js';

/** What an object-level op hands back to the engine before the report is assembled. */
export interface Raw {
  raster: Raster;
  mask: Mask;
  quality: Record<string, unknown>;
  details: Record<string, unknown>;
  warnings: string[];
  global?: boolean;
}

/** The grounding summary every object-level step reports under details.target_found. */
export function found(g: Grounded) {
  return {
    label: g.label,
    box: g.box,
    confidence: g.confidence,
    source: g.source,
    ...(g.reason ? { chosen: g.reason } : {}),
    ...(g.candidates.length > 1 ? { candidates: g.candidates } : {}),
  };
}

type ObjectStep = RemoveStep | RecolorStep | ReplaceBackgroundStep | AddStep | AdjustStep;

/**
 * An object-level step's outcome: its change kept inside the user's mask, its report, and what was
 * perceived of the input forgotten once a pixel changed.
 */
export async function finish(
  img: Raster,
  step: ObjectStep,
  r: Raw,
  seen: Perceived,
  ctx: OpContext,
): Promise<StepOutcome> {
  const { raster, mask } = ctx.mask && !r.global ? keepInside(img, r.raster, r.mask, ctx.mask) : r;
  const region = maskBounds(mask, img.width, img.height) ?? { x: 0, y: 0, width: 0, height: 0 };
  const outside = await ctx.time('quality_ms', async () => countChangedOutside(img, raster, mask));
  const changed = countSet(mask);
  if (changed !== 0) for (const k of Object.keys(seen)) delete seen[k as keyof Perceived];
  return {
    raster,
    mask,
    report: {
      op: step.op,
      target: step.target,
      region,
      engine: 'local',
      quality: { ...r.quality, outside_changed_pixels: outside, changed_pixels: changed },
      warnings: r.warnings,
      details: { ...(r.global ? { global: true } : {}), ...r.details },
    },
  };
}

/** Pixels outside the user's mask go back to the input; the op's mask shrinks to match. */
function keepInside(before: Raster, after: Raster, mask: Mask, user: Mask): { raster: Raster; mask: Mask } {
  const data = new Uint8Array(after.data);
  const m = new Uint8Array(mask.length);
  for (let i = 0; i < m.length; i++) {
    if (user[i]) m[i] = mask[i];
    else data.set(before.data.subarray(i * 4, i * 4 + 4), i * 4);
  }
  return { raster: { data, width: after.width, height: after.height }, mask: m };
}
