import { groundTarget } from '../grounding/target.js';
import type { Raster } from '../image/raster.js';
import { replaceBackground } from '../ops/replace-background.js';
import { matteSubject } from '../perception/matte.js';
import type { EditPlan, RemoveStep, ReplaceBackgroundStep } from '../types.js';
import type { EngineContext } from './engine.js';
import type { Perceived, StepOutcome } from '../ops/index.js';
import { loadGrounding } from '../ops/shared/grounding-needs.js';
import { finish, found, type Raw } from '../ops/shared/object-step.js';
import { remove } from './local-remove.js';

type ObjectStep = RemoveStep | ReplaceBackgroundStep;

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

/** Loads what the plan's object-level steps need, so loading counts as load_ms and not edit time. */
export async function warmEdits(plan: EditPlan): Promise<void> {
  const targets = plan.steps.flatMap((s) =>
    s.op === 'remove' || s.op === 'replace-background' ? [s.target] : [],
  );
  await loadGrounding(targets);
}
