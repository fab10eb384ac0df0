import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import type { EditPlan, OpName, StepReport } from '../types.js';

export interface EngineContext {
  /** User mask (1 = may edit), same size as the image. */
  mask?: Mask;
  /** The image given with --asset (a logo, a new background), decoded. */
  asset?: Raster;
  /** Adds elapsed milliseconds to a named stage of the report's timings. */
  time<T>(stage: string, work: () => Promise<T>): Promise<T>;
  /** The plan handed over is part of a longer one: its `instruction` says more than its steps. */
  partial?: boolean;
  /** Aborts remote calls when the caller gives up (a cancelled or timed-out job). */
  signal?: AbortSignal;
}

export interface EngineResult {
  raster: Raster;
  /** Union of every step's edit mask: pixels outside it are the input's, bit for bit. */
  mask: Mask;
  steps: StepReport[];
  /**
   * Checks still running (read-back OCR) when the pixels are final. They only complete `steps`;
   * the runtime encodes meanwhile and awaits this before the report goes out.
   */
  checks?: Promise<void>;
}

/**
 * How well an engine does an op: `good` is what the router picks by default; `can` only runs when
 * the user forces that engine (a generative model can redraw a price, but the local engine does it
 * exactly and for free).
 */
export type Skill = 'good' | 'can';

export interface Availability {
  /** Its settings are present (an API key, a URL); never the secret itself. */
  configured: boolean;
  /** Answered a probe just now; null when not probed (not configured, or local). */
  reachable: boolean | null;
  /** One sentence: where it points, or what to set to enable it. */
  detail: string;
}

/** An engine declares what it can do; the router asks before handing it any step. */
export interface Engine {
  id: string;
  version: string;
  kind: 'local' | 'generative';
  capabilities: Readonly<Partial<Record<OpName, Skill>>>;
  /** Cheap, from the environment only: may the router send it steps? */
  configured(): boolean;
  /** configured() plus a short reachability probe; what `scalpel engines` and GET /v1/engines show. */
  availability(): Promise<Availability>;
  /** Loads models ahead of time; its duration is reported as load_ms, not edit time. */
  warm(plan: EditPlan): Promise<void>;
  run(img: Raster, plan: EditPlan, ctx: EngineContext): Promise<EngineResult>;
  /** Frees models, sockets and timers; the engine loads again on its next use. */
  dispose(): Promise<void>;
}
