import { describePlan } from '../../instruction/describe.js';
import type { Raster } from '../../image/raster.js';
import type { EditPlan, EditStep, StepReport } from '../../types.js';
import type { Availability, Engine, EngineContext, EngineResult } from '../engine.js';
import { warmLocate, type Perceived } from './locate.js';
import type { Provider } from './provider.js';
import { Breaker, callPolicy } from './resilience.js';
import { runGenerativeStep } from './step.js';

/** How long `scalpel engines` and GET /v1/engines wait for a provider to answer its probe. */
const PROBE_MS = 3000;

/**
 * A generative model behind a provider's protocol, as an Engine: new content is what it does well;
 * the local ops it can also do (a model can redraw a price) run on it only when the user forces it.
 */
export function generativeEngine(provider: Provider): Engine {
  const breaker = new Breaker();
  let running = new AbortController();
  return {
    id: provider.id,
    version: '1',
    kind: 'generative',
    capabilities: {
      edit: 'good',
      remove: 'can',
      recolor: 'can',
      'replace-background': 'can',
      'replace-text': 'can',
      adjust: 'can',
    },
    configured: () => provider.configured(),

    async availability(): Promise<Availability> {
      if (!provider.configured())
        return { configured: false, reachable: null, detail: `Not configured: ${provider.enable}.` };
      try {
        await provider.probe(AbortSignal.timeout(PROBE_MS));
        return {
          configured: true,
          reachable: true,
          detail: `${provider.endpoint()} (model ${provider.model()})`,
        };
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return { configured: true, reachable: false, detail: `${provider.endpoint()}: ${why}` };
      }
    },

    warm: (plan: EditPlan) => warmLocate(plan),

    async run(img: Raster, plan: EditPlan, ctx: EngineContext): Promise<EngineResult> {
      let current = img;
      const mask = new Uint8Array(img.width * img.height);
      const steps: StepReport[] = [];
      const seen: Perceived = {};
      const call = { provider, breaker, policy: callPolicy(), signal: running.signal };
      for (const step of plan.steps) {
        const r = await runGenerativeStep(current, step, promptFor(step, plan), seen, ctx, call);
        current = r.raster;
        for (let i = 0; i < mask.length; i++) mask[i] |= r.mask[i];
        steps.push(r.report);
        // What was perceived described the image before this step.
        for (const k of Object.keys(seen)) delete seen[k as keyof Perceived];
      }
      return { raster: current, mask, steps };
    },

    async dispose() {
      running.abort(new Error(`The ${provider.id} engine was disposed.`));
      running = new AbortController();
      breaker.reset();
    },
  };
}

/** The user's own words for new content; for a local op forced onto the model, the sentence or the step in words. */
function promptFor(step: EditStep, plan: EditPlan): string {
  if (step.op === 'edit') return step.params.prompt;
  if (plan.steps.length === 1) return plan.instruction;
  return describePlan({ ...plan, steps: [step], ignored: undefined })[0];
}
