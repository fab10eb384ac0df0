import { ScalpelError } from '../errors.js';
import { CONFIGURE_ENGINE } from '../instruction/help.js';
import type { EditPlan, EditStep } from '../types.js';
import type { Engine } from './engine.js';

/** One run of consecutive steps that the same engine does, as a plan of its own. */
export interface Leg {
  engine: Engine;
  plan: EditPlan;
  /** The steps' indexes in the whole plan. */
  steps: number[];
}

export interface RouteOptions {
  /** Every step to this engine (the request's `engine`, the CLI's --engine). */
  force?: string;
  /** The generative engine to prefer when several are configured (SCALPEL_ENGINE). */
  prefer?: string;
}

/**
 * Picks, per step, the first engine that does it well: local for what it has a `good` skill for, the
 * preferred configured generative engine for new content. Forcing an engine sends it every step it
 * can do at all. Decided before any image is read, so a plan no engine can run costs nothing.
 */
export function route(plan: EditPlan, engines: readonly Engine[], opts: RouteOptions = {}): Leg[] {
  const byId = new Map(engines.map((e) => [e.id, e]));
  const forced = opts.force === undefined ? undefined : known(byId, opts.force);
  const preferred = opts.prefer === undefined ? undefined : known(byId, opts.prefer);
  const ranked = [...engines].sort(
    (a, b) => rank(a) - rank(b) || Number(b === preferred) - Number(a === preferred),
  );
  const legs: Leg[] = [];
  for (const [i, step] of plan.steps.entries()) {
    const engine = forced ? forcedFor(forced, step, i) : pick(ranked, step, plan, preferred);
    const last = legs.at(-1);
    if (last?.engine === engine) {
      last.plan.steps.push(step);
      last.steps.push(i);
    } else legs.push({ engine, plan: { ...plan, steps: [step] }, steps: [i] });
  }
  return legs;
}

/**
 * The generative engine to hand a step the local engine declined at run time (a removal that would
 * have to invent): the one SCALPEL_ENGINE names, else the first configured that can do the op.
 */
export function generativeFor(
  step: EditStep,
  engines: readonly Engine[],
  prefer?: string,
): Engine | undefined {
  const preferred = engines.find((e) => e.id === prefer && e.kind === 'generative');
  if (preferred && !preferred.configured()) throw notConfigured(preferred, 'SCALPEL_ENGINE names it');
  const able = engines.filter((e) => e.kind === 'generative' && e.configured() && e.capabilities[step.op]);
  return able.find((e) => e === preferred) ?? able[0];
}

/** Local first: it is exact, free and private; then generative engines in the order given. */
const rank = (e: Engine) => (e.kind === 'local' ? 0 : 1);

function pick(ranked: Engine[], step: EditStep, plan: EditPlan, preferred?: Engine): Engine {
  const local = ranked.find((e) => e.kind === 'local' && e.capabilities[step.op] === 'good');
  if (local) return local;
  // SCALPEL_ENGINE naming an engine that is not configured is a mistake to report, not to route around.
  if (preferred?.kind === 'generative' && !preferred.configured())
    throw notConfigured(preferred, 'SCALPEL_ENGINE names it');
  const engine = ranked.find((e) => e.configured() && e.capabilities[step.op] === 'good');
  if (engine) return engine;
  const generative = ranked.filter((e) => e.kind === 'generative' && e.capabilities[step.op]);
  const what =
    step.op === 'edit'
      ? (step.params.why ?? `"${step.params.prompt}" draws new content.`)
      : `The ${step.op} step.`;
  throw new ScalpelError(
    'NEEDS_GENERATIVE_ENGINE',
    `${what} That needs a generative engine: the local engine only moves and repaints pixels that are ` +
      `already there, and no generative engine is configured. ${CONFIGURE_ENGINE}`,
    {
      stage: 'parse',
      details: {
        instruction: plan.instruction,
        intent: 'generative',
        step: plan.steps.indexOf(step),
        engines: generative.map((e) => ({ id: e.id, configured: e.configured() })),
      },
    },
  );
}

function forcedFor(engine: Engine, step: EditStep, i: number): Engine {
  if (!engine.capabilities[step.op]) {
    const can = Object.keys(engine.capabilities).join(', ');
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `The engine '${engine.id}' cannot do step ${i + 1} (${step.op}); it does: ${can}.`,
      {
        stage: 'args',
        details: { engine: engine.id, step: i, op: step.op, valid: Object.keys(engine.capabilities) },
      },
    );
  }
  if (!engine.configured()) throw notConfigured(engine);
  return engine;
}

function known(byId: Map<string, Engine>, id: string): Engine {
  const engine = byId.get(id);
  if (engine) return engine;
  const valid = [...byId.keys()];
  throw new ScalpelError('INVALID_ARGUMENT', `Unknown engine '${id}'. Valid engines: ${valid.join(', ')}.`, {
    stage: 'args',
    details: { engine: id, valid },
  });
}

export function notConfigured(engine: Engine, why = ''): ScalpelError {
  const said = why === '' ? '' : ` (${why})`;
  return new ScalpelError(
    'INVALID_ARGUMENT',
    `The engine '${engine.id}'${said} is not configured: ${howTo(engine)}.`,
    {
      stage: 'args',
      details: { engine: engine.id, configured: false },
    },
  );
}

const howTo = (e: Engine) => `${e.id}: ${ENABLE[e.id] ?? 'see the README'}`;

/** What turns each remote engine on; the same words as the README. */
const ENABLE: Record<string, string> = {
  dashscope: 'set DASHSCOPE_API_KEY (and DASHSCOPE_BASE_URL for another region)',
  openai: 'set SCALPEL_OPENAI_BASE_URL (and SCALPEL_OPENAI_API_KEY, SCALPEL_OPENAI_MODEL)',
  comfyui: 'set COMFYUI_URL to the ComfyUI server',
};
