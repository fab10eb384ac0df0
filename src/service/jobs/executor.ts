import type { LabelCorner } from '../../provenance/visible.js';
import type { EditPlan, EditReport, ErrorJson } from '../../index.js';

/** One edit for a worker: files by path (they are already on local disk), the plan parsed once. */
export interface WorkTask {
  jobId: string;
  input: string;
  instruction: string;
  plan: EditPlan;
  mask?: string;
  asset?: string;
  format?: 'png' | 'jpeg' | 'webp';
  /** The engine the request forced; absent: routed per step. */
  engine?: string;
  maxPixels: number;
  /** The operator's visible AIGC label corner (SCALPEL_VISIBLE_LABEL); absent: none drawn. */
  visibleLabel?: LabelCorner;
  /** Long side of the preview edit; 0 = no preview. */
  previewSide: number;
  /** Only inputs with a long side over this get a preview. */
  previewAbove: number;
}

export interface WorkOutput {
  /** Absent for a question, which writes no image. */
  image?: Buffer;
  report: EditReport;
}

/** A preview: the edit run at low resolution, or (small inputs) the result scaled down. */
export interface PreviewOutput extends WorkOutput {
  source: 'edit' | 'result';
}

export interface WorkCallbacks {
  onPreview(out: PreviewOutput): void;
  /** The preview edit failed where the full one may not (text too small at low resolution). */
  onPreviewFailed(error: ErrorJson): void;
}

/** Runs edits somewhere (worker processes, or this process in tests); rejects with a ScalpelError. */
export interface Executor {
  run(task: WorkTask, cb: WorkCallbacks, signal: AbortSignal): Promise<WorkOutput>;
  close(): Promise<void>;
}
