import { ScalpelError } from '../../errors.js';
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
    // The model (or ComfyUI workflow) is part of what an answer depends on, so of the cache key.
    get version() {
      return `1+${provider.configured() ? provider.model() : 'unset'}`;
    },
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

    async warm(plan: EditPlan) {
      // What the model cannot be given: an image to use (only the sentence is sent), or an alpha channel.
      for (const step of plan.steps) {
        if (
          step.op === 'replace-background' &&
          (step.params.fill.kind === 'asset' || step.params.fill.kind === 'transparent')
        ) {
          throw new ScalpelError(
            'INVALID_ARGUMENT',
            `The ${provider.id} engine is sent the image and the words only: ${step.params.fill.kind === 'asset' ? 'a background from --asset' : 'a transparent cut-out'} is the local engine's to make (--engine local).`,
            { stage: 'args', details: { engine: provider.id, op: step.op, fill: step.params.fill.kind } },
          );
        }
      }
      await warmLocate(plan);
    },

    async run(img: Raster, plan: EditPlan, ctx: EngineContext): Promise<EngineResult> {
      let current = img;
      const mask = new Uint8Array(img.width * img.height);
      const steps: StepReport[] = [];
      const seen: Perceived = {};
      const call = { provider, breaker, policy: callPolicy(), signal: either(running.signal, ctx.signal) };
      for (const step of plan.steps) {
        const r = await runGenerativeStep(
          current,
          step,
          promptFor(step, plan, ctx.partial === true),
          seen,
          ctx,
          call,
        );
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

/** Aborts when either does: disposing the engine, or the caller giving up. */
function either(a: AbortSignal, b?: AbortSignal): AbortSignal {
  if (!b) return a;
  const ctl = new AbortController();
  const stop = (s: AbortSignal) => () => ctl.abort(s.reason);
  for (const s of [a, b]) {
    if (s.aborted) ctl.abort(s.reason);
    else s.addEventListener('abort', stop(s), { once: true });
  }
  return ctl.signal;
}

/** The user's own words for new content; for a local op forced onto the model, the sentence or the step in words. */
function promptFor(step: EditStep, plan: EditPlan, partial: boolean): string {
  if (step.op === 'edit') return step.params.prompt;
  if (plan.steps.length === 1 && !partial) return plan.instruction;
  return describePlan({ ...plan, steps: [step], ignored: undefined })[0];
}
