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

/** An engine declares what it can do; the runtime asks before handing it a plan. */
export interface Engine {
  id: string;
  version: string;
  ops: readonly OpName[];
  /** Loads models ahead of time; its duration is reported as load_ms, not edit time. */
  warm(plan: EditPlan): Promise<void>;
  run(img: Raster, plan: EditPlan, ctx: EngineContext): Promise<EngineResult>;
}
