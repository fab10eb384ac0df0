import { ScalpelError } from '../errors.js';
import { groundTarget } from '../grounding/target.js';
import { countSet, maskBounds, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { adjust } from '../ops/adjust.js';
import { overlay } from '../ops/overlay.js';
import { recolor } from '../ops/recolor.js';
import { replaceBackground } from '../ops/replace-background.js';
import { loadDetector } from '../perception/detect.js';
import { loadMatte, matteSubject } from '../perception/matte.js';
import { loadOcr } from '../perception/ocr.js';
import { loadPeople } from '../perception/people.js';
import { FONT_IDS, loadFont } from '../text/fonts.js';
import type {
  AddStep,
  AdjustStep,
  EditPlan,
  RecolorStep,
  RemoveStep,
  ReplaceBackgroundStep,
  StepReport,
} from '../types.js';
import type { EngineContext } from './engine.js';
import { countChangedOutside } from './local-checks.js';
import type { Perceived } from '../ops/index.js';
import { remove } from './local-remove.js';
import { found, type Raw } from './local-step.js';

/** One step's result on the local engine: the new image, where it may differ, and the report. */
export interface StepOutcome {
  raster: Raster;
  mask: Mask;
  report: StepReport;
}

type ObjectStep = RemoveStep | RecolorStep | ReplaceBackgroundStep | AddStep | AdjustStep;

export async function runObjectStep(
  img: Raster,
  step: ObjectStep,
  seen: Perceived,
  ctx: EngineContext,
): Promise<StepOutcome> {
  const r = await run(img, step, seen, ctx);
  const { raster, mask } = ctx.mask && !r.global ? keepInside(img, r.raster, r.mask, ctx.mask) : r;
  const region = maskBounds(mask, img.width, img.height) ?? { x: 0, y: 0, width: 0, height: 0 };
  const outside = await ctx.time('quality_ms', async () => countChangedOutside(img, raster, mask));
  return {
    raster,
    mask,
    report: {
      op: step.op,
      target: step.target,
      region,
      engine: 'local',
      quality: { ...r.quality, outside_changed_pixels: outside, changed_pixels: countSet(mask) },
      warnings: r.warnings,
      details: { ...(r.global ? { global: true } : {}), ...r.details },
    },
  };
}

async function run(img: Raster, step: ObjectStep, seen: Perceived, ctx: EngineContext): Promise<Raw> {
  switch (step.op) {
    case 'remove':
      return remove(img, step, seen, ctx);
    case 'recolor': {
      const t = step.target;
      if (t.kind === 'text' || t.kind === 'watermark') throw textNotObject(t.phrase);
      const g = await ctx.time('ground_ms', () => groundTarget(img, t, seen, ctx.mask));
      const r = await ctx.time('edit_ms', async () => recolor(img, g.alpha, step.params.color.rgb));
      return {
        ...r,
        quality: pick(r.details, ['hue_error_deg', 'luminance_ssim']),
        details: { target_found: found(g), ...r.details },
        warnings: [...g.warnings, ...r.warnings],
      };
    }
    case 'replace-background': {
      seen.matte ??= await ctx.time('matte_ms', () => matteSubject(img));
      const g = await ctx.time('ground_ms', () => groundTarget(img, step.target, seen, undefined));
      const r = await ctx.time('edit_ms', async () =>
        replaceBackground(img, seen.matte as Uint8Array, step.params.fill, {
          shadow: step.params.shadow,
          asset: ctx.asset,
        }),
      );
      return { ...r, quality: {}, details: { target_found: found(g), ...r.details } };
    }
    case 'add': {
      const r = await ctx.time('edit_ms', async () =>
        overlay(img, step.params, step.target.anchor, ctx.asset),
      );
      return { ...r, quality: {} };
    }
    case 'adjust': {
      const r = await ctx.time('edit_ms', async () => adjust(img, step.params.preset, step.params.strength));
      return { ...r, mask: new Uint8Array(img.width * img.height).fill(1), quality: {}, global: !ctx.mask };
    }
  }
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

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

function textNotObject(phrase: string): ScalpelError {
  return new ScalpelError(
    'UNSUPPORTED_INSTRUCTION',
    `Recolouring text ("${phrase}") as an object is not supported: draw the text with --mask and say 把这里换成红色 / make this red.`,
    { stage: 'ground' },
  );
}

/** Loads what the plan's object-level steps need, so loading counts as load_ms and not edit time. */
export async function warmEdits(plan: EditPlan): Promise<void> {
  const targets = plan.steps.flatMap((s) =>
    s.op === 'remove' || s.op === 'recolor' || s.op === 'replace-background' ? [s.target] : [],
  );
  const objects = targets.filter((t) => t.kind === 'object');
  const text = targets.some((t) => t.kind === 'text' || t.kind === 'watermark' || t.kind === 'region');
  const matte =
    targets.some((t) => t.kind === 'subject' || t.kind === 'background' || t.kind === 'region') ||
    objects.some((t) => t.label !== 'person');
  await Promise.all([
    objects.length || targets.some((t) => t.kind === 'region') ? loadDetector() : undefined,
    objects.some((t) => t.label === 'person') ? loadPeople() : undefined,
    matte ? loadMatte() : undefined,
    text ? loadOcr() : undefined,
  ]);
  if (text) for (const id of FONT_IDS) loadFont(id);
  if (plan.steps.some((s) => s.op === 'add' && s.params.content.kind === 'text')) loadFont('sans-bold');
}
