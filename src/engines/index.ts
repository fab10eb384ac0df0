import type { Raster } from '../image/raster.js';
import type { EditPlan } from '../types.js';
import type { Engine, EngineContext, EngineResult } from './engine.js';
import { comfyui } from './generative/comfyui.js';
import { dashscope } from './generative/dashscope.js';
import { generativeEngine } from './generative/engine.js';
import { openai } from './generative/openai.js';
import { localEngine } from './local.js';
import { route, type Leg, type RouteOptions } from './router.js';

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

/** Runs the legs in order, each on the image the previous one left; masks and reports are joined. */
export async function runLegs(img: Raster, legs: Leg[], ctx: EngineContext): Promise<EngineResult> {
  let raster = img;
  const mask = new Uint8Array(img.width * img.height);
  const steps: EngineResult['steps'] = [];
  const checks: Promise<void>[] = [];
  for (const leg of legs) {
    const r = await leg.engine.run(raster, leg.plan, ctx);
    raster = r.raster;
    for (let i = 0; i < mask.length; i++) mask[i] |= r.mask[i];
    steps.push(...r.steps);
    if (r.checks) checks.push(r.checks);
  }
  const all = Promise.all(checks).then(() => undefined);
  all.catch(() => undefined);
  return { raster, mask, steps, checks: all };
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

/** A stable name for what will run the plan: part of the service's cache key. */
export const legsId = (legs: Leg[]) =>
  [...new Set(legs.map((l) => `${l.engine.id}@${l.engine.version}`))].join('+');
