import { ScalpelError } from '../errors.js';
import { groundTarget } from '../grounding/target.js';
import type { Raster } from '../image/raster.js';
import { recolor } from '../ops/recolor.js';
import { replaceBackground } from '../ops/replace-background.js';
import { loadDetector } from '../perception/detect.js';
import { loadMatte, matteSubject } from '../perception/matte.js';
import { loadOcr } from '../perception/ocr.js';
import { loadPeople } from '../perception/people.js';
import { FONT_IDS, loadFont } from '../text/fonts.js';
import type { EditPlan, RecolorStep, RemoveStep, ReplaceBackgroundStep } from '../types.js';
import type { EngineContext } from './engine.js';
import type { Perceived, StepOutcome } from '../ops/index.js';
import { finish, found, type Raw } from '../ops/shared/object-step.js';
import { remove } from './local-remove.js';

type ObjectStep = RemoveStep | RecolorStep | ReplaceBackgroundStep;

export async function runObjectStep(
  img: Raster,
  step: ObjectStep,
  seen: Perceived,
  ctx: EngineContext,
): Promise<StepOutcome> {
  return finish(img, step, await run(img, step, seen, ctx), seen, ctx);
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
  }
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
}
