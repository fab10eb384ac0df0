// Shared by every op folder: what an op module is, what it is handed, and what it hands back.
import type { Mask } from '../../image/mask.js';
import type { Raster } from '../../image/raster.js';
import type { DetectedObject } from '../../perception/detect.js';
import type { OcrLine } from '../../perception/ocr.js';
import type { EditStep, StepReport } from '../../types.js';

/**
 * What an op may use of the engine's context (the engine's EngineContext is one): declared here so
 * that ops never import engines/.
 */
export interface OpContext {
  /** User mask (1 = may edit), same size as the image. */
  mask?: Mask;
  /** The image given with --asset (a logo, a new background), decoded. */
  asset?: Raster;
  /** Adds elapsed milliseconds to a named stage of the report's timings. */
  time<T>(stage: string, work: () => Promise<T>): Promise<T>;
}

/** Per-run memo: several steps on one image perceive it once. */
export interface Perceived {
  objects?: DetectedObject[];
  lines?: OcrLine[];
  /** The salient-subject matte (0..255). */
  matte?: Uint8Array;
  /**
   * The lines as read before this run's first text edit: later replace-text steps (把A改成B，把C改成D)
   * find their texts there; `lines` is dropped once a text is redrawn, so others read it again.
   */
  textLines?: OcrLine[];
}

/** One step's result: the new image, where it may differ from the input, and the report. */
export interface StepOutcome {
  raster: Raster;
  mask: Mask;
  report: StepReport;
  /** Checks still running (read-back OCR) when the pixels are final; they only complete `report`. */
  checks?: Promise<void>;
}

/**
 * One op as the local engine runs it: the registry (ops/index.ts) holds one per op name. Methods,
 * not function-valued properties, so that a module for one step type stands in the table of all.
 */
export interface OpModule<S extends EditStep = EditStep> {
  /** The plan's op name: the module's key in the registry and the name of its folder. */
  readonly op: S['op'];
  /** Refuses, before any model loads, a step this op can never do. */
  validate?(step: S): void;
  /** Loads what these steps (the plan's steps of this op) need, so that loading counts as load_ms. */
  warm(steps: S[]): Promise<void>;
  /**
   * Runs one step on `img`. `seen` is what earlier steps perceived of `img`; on return it holds only
   * what the following steps may still use of the returned raster.
   */
  run(img: Raster, step: S, seen: Perceived, ctx: OpContext): Promise<StepOutcome>;
}
