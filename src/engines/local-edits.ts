import type { Raster } from '../image/raster.js';
import type { EditPlan, RemoveStep } from '../types.js';
import type { EngineContext } from './engine.js';
import type { Perceived, StepOutcome } from '../ops/index.js';
import { loadGrounding } from '../ops/shared/grounding-needs.js';
import { finish, type Raw } from '../ops/shared/object-step.js';
import { remove } from './local-remove.js';

type ObjectStep = RemoveStep;

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
  }
}

/** Loads what the plan's object-level steps need, so loading counts as load_ms and not edit time. */
export async function warmEdits(plan: EditPlan): Promise<void> {
  const targets = plan.steps.flatMap((s) => (s.op === 'remove' ? [s.target] : []));
  await loadGrounding(targets);
}
