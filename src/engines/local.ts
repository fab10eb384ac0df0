import type { Raster } from '../image/raster.js';
import { OPS, opFor, type OpModule, type Perceived } from '../ops/index.js';
import { orInto } from '../ops/common/masks.js';
import { unloadMatte } from '../perception/matte.js';
import { unloadOcr } from '../perception/ocr.js';
import { ScalpelError } from '../errors.js';
import type { EditPlan, StepReport } from '../types.js';
import type { Engine, EngineContext, EngineResult } from './engine.js';

const MODULES: readonly OpModule[] = Object.values(OPS);

/**
 * Runs every op on this machine's CPU with the models shipped in node_modules: a router over the op
 * registry (ops/index.ts), each step to its op's module.
 */
export const localEngine: Engine = {
  id: 'local',
  version: '0.1.0',
  kind: 'local',
  capabilities: Object.fromEntries(MODULES.map((m) => [m.op, 'good' as const])),
  configured: () => true,
  availability: async () => ({
    configured: true,
    reachable: null,
    detail: 'Runs on this machine with the models in node_modules.',
  }),
  // The ONNX sessions (OCR, matte) hold most of the memory; the tfjs detector and people models
  // are small and stay loaded.
  async dispose() {
    await Promise.all([unloadOcr(), unloadMatte()]);
  },

  // Only what the plan needs: a question about a dog must not pay for OCR and fonts.
  async warm(plan: EditPlan) {
    // A step an op can never do (a text we cannot draw) is refused before any model loads.
    for (const step of plan.steps) opFor(step.op)?.validate?.(step);
    await Promise.all(
      MODULES.map((m) => {
        const steps = plan.steps.filter((s) => s.op === m.op);
        return steps.length ? m.warm(steps) : undefined;
      }),
    );
  },

  async run(img: Raster, plan: EditPlan, ctx: EngineContext): Promise<EngineResult> {
    let current = img;
    const mask = new Uint8Array(img.width * img.height);
    const steps: StepReport[] = [];
    const checks: Promise<void>[] = [];
    const seen: Perceived = {};
    for (const step of plan.steps) {
      const op = opFor(step.op);
      if (!op) throw notLocal(step.op);
      const r = await op.run(current, step, seen, ctx);
      if (r.checks) checks.push(r.checks);
      current = r.raster;
      orInto(mask, r.mask, img.width, r.report.region);
      steps.push(r.report);
    }
    return { raster: current, mask, steps, checks: Promise.all(checks).then(() => undefined) };
  },
};

/** The router never sends the local engine a step it has no skill for; a caller bypassing it is told. */
function notLocal(op: string): ScalpelError {
  return new ScalpelError('INTERNAL', `The local engine cannot run '${op}' steps: route the plan first.`, {
    stage: 'edit',
  });
}
