import { ScalpelError } from '../errors.js';
import type { Raster } from '../image/raster.js';
import type { EditPlan } from '../types.js';
import type { Engine, EngineContext, EngineResult } from './engine.js';
import { comfyui } from './generative/comfyui.js';
import { dashscope } from './generative/dashscope.js';
import { generativeEngine } from './generative/engine.js';
import { openai } from './generative/openai.js';
import { localEngine } from './local.js';
import { generativeFor, route, type Leg, type RouteOptions } from './router.js';

export type { Availability, Engine, EngineContext, EngineResult, Skill } from './engine.js';
export type { Leg } from './router.js';

/**
 * Every engine, local first; remote ones run only when their settings are in the environment, and
 * the first configured one draws new content unless SCALPEL_ENGINE prefers another.
 */
export const ENGINES: readonly Engine[] = Object.freeze([
  localEngine,
  generativeEngine(dashscope),
  generativeEngine(openai),
  generativeEngine(comfyui),
]);

/**
 * The plan split into legs, each to one engine. `force` sends every step to one engine;
 * SCALPEL_ENGINE names the generative engine preferred when several are configured.
 */
export function routePlan(plan: EditPlan, force?: string): Leg[] {
  const opts: RouteOptions = { force, prefer: process.env.SCALPEL_ENGINE || undefined };
  return route(plan, ENGINES, opts);
}

/**
 * Runs the legs in order, each on the image the previous one left; masks and reports are joined.
 * A local step that finds at run time that it would have to invent (a removal whose hole covers
 * most of the image) goes to the configured generative engine instead, unless the user forced one.
 */
export async function runLegs(
  img: Raster,
  legs: Leg[],
  ctx: EngineContext,
  forced = false,
): Promise<EngineResult> {
  let raster = img;
  const mask = new Uint8Array(img.width * img.height);
  const steps: EngineResult['steps'] = [];
  const checks: Promise<void>[] = [];
  // A leg that is part of a longer plan: its instruction says more than its steps (prompts are built
  // from the step, not the sentence).
  const partial = ctx.partial === true || legs.length > 1;
  for (const leg of legs) {
    const r = await runLeg(raster, leg, { ...ctx, partial }, forced);
    raster = r.raster;
    for (let i = 0; i < mask.length; i++) mask[i] |= r.mask[i];
    steps.push(...r.steps);
    if (r.checks) checks.push(r.checks);
  }
  const all = Promise.all(checks).then(() => undefined);
  all.catch(() => undefined);
  return { raster, mask, steps, checks: all };
}

async function runLeg(img: Raster, leg: Leg, ctx: EngineContext, forced: boolean): Promise<EngineResult> {
  try {
    return await leg.engine.run(img, leg.plan, ctx);
  } catch (err) {
    const inventing = err instanceof ScalpelError && err.code === 'NEEDS_GENERATIVE_ENGINE';
    if (!inventing || forced || leg.engine.kind !== 'local') throw err;
    // Which step it was is found by running them one by one (local steps are cheap to redo).
    if (leg.plan.steps.length > 1) {
      const single = leg.plan.steps.map((s, i) => ({
        ...leg,
        plan: { ...leg.plan, steps: [s] },
        steps: [leg.steps[i]],
      }));
      return runLegs(img, single, ctx, forced);
    }
    const engine = generativeFor(leg.plan.steps[0], ENGINES, process.env.SCALPEL_ENGINE || undefined);
    if (!engine) throw err;
    const r = await engine.run(img, leg.plan, { ...ctx, partial: true });
    for (const s of r.steps)
      s.warnings.unshift(`The local engine declined: ${err.message.split('. ')[0]}. Drawn by ${engine.id}.`);
    return r;
  }
}

export interface EngineView {
  id: string;
  kind: Engine['kind'];
  version: string;
  capabilities: Engine['capabilities'];
  configured: boolean;
  reachable: boolean | null;
  detail: string;
}

/** Every engine with what it can do and whether it is usable now (remote ones probed, briefly). */
export async function listEngines(): Promise<{ preferred: string | null; engines: EngineView[] }> {
  const engines = await Promise.all(
    ENGINES.map(async (e) => {
      const a = await e.availability().catch((err: unknown) => ({
        configured: e.configured(),
        reachable: false,
        detail: err instanceof Error ? err.message : String(err),
      }));
      return { id: e.id, kind: e.kind, version: e.version, capabilities: e.capabilities, ...a };
    }),
  );
  return { preferred: process.env.SCALPEL_ENGINE || null, engines };
}

/**
 * A stable name for what will run the plan: part of the service's cache key. The configured generative
 * engines (with their models) are in it too: a local removal may be handed to one at run time.
 */
export const legsId = (legs: Leg[]) =>
  [
    legsOnly(legs),
    ...ENGINES.filter((e) => e.kind === 'generative' && e.configured()).map((e) => `${e.id}@${e.version}`),
  ].join('|');

const legsOnly = (legs: Leg[]) =>
  [...new Set(legs.map((l) => `${l.engine.id}@${l.engine.version}`))].join('+');
