/** The shapes the service answers with, as the client sees them (see the service's /openapi.json). */
export interface ImageRef {
  id: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  /** Signed: fetchable without a key until it expires. */
  url: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  status: JobStatus;
  instruction: string;
  plan: unknown;
  preview: { image: ImageRef | null; source: string | null } | null;
  result: { image: ImageRef | null; report: Record<string, unknown> | null; answer: unknown } | null;
  error: { code: string; message: string; details: Record<string, unknown> } | null;
  session_id: string | null;
  batch_id: string | null;
  warnings: string[];
}

export interface JobEvent {
  /** queued, running, preview, preview_failed, requeued, done, failed, cancelled. */
  type: string;
  id: string;
  data: unknown;
}

/** An image as the client takes it: bytes (a File or Blob is bytes too), a data: URL, base64 or an http(s) URL. */
export type ImageInput = Uint8Array | ArrayBuffer | Blob | string;

export interface EditInput {
  image: ImageInput;
  instruction: string;
  mask?: ImageInput;
  asset?: ImageInput;
  format?: 'png' | 'jpeg' | 'webp';
  /** Force one engine: local, dashscope, openai, comfyui. */
  engine?: string;
  /** Makes a retry (or a resubmission from the offline queue) run once; generated when absent. */
  idempotencyKey?: string;
}

export const FINAL: readonly JobStatus[] = ['done', 'failed', 'cancelled'];

/** What `plan()` is told about the edit to come. */
export interface PlanContext {
  /** true: the edit will carry a mask; an image: that mask, which `where` then respects. */
  mask?: boolean | ImageInput;
  asset?: boolean;
  engine?: string;
  /** The image the edit will run on: then the answer says `where` each step would act. */
  image?: ImageInput;
  /** Instead of `image`: a session, whose current version is used. */
  session?: string;
  /** The language of `summary` (default en). */
  lang?: 'en' | 'zh';
}

/** Where one step would act, found before it runs (answered when `plan()` is given an image). */
export interface StepWhere {
  op: string;
  /** The whole frame. */
  global: boolean;
  box?: { x: number; y: number; width: number; height: number };
  /** A data: URL of a two-colour PNG of the image's size: white where pixels may change. */
  mask_png?: string;
  found?: Record<string, unknown>;
  /** A question's answer. */
  answer?: {
    exists: boolean;
    objects: { label?: string; text?: string; box: unknown; confidence?: number }[];
    note?: string;
  };
  warnings: string[];
  /** Why the step would fail (TARGET_NOT_FOUND lists what was found). */
  error?: { code: string; message: string; details: Record<string, unknown> };
}

export interface PlanAnswer {
  ok: true;
  plan: unknown;
  summary: string[];
  engines: string[];
  where?: StepWhere[];
}

/** What to export: one of image, job (its result) or session (its current version), to these presets. */
export interface ExportInput {
  presets: string[];
  image?: ImageInput;
  job?: string;
  session?: string;
  format?: 'png' | 'jpeg' | 'webp';
}

export interface ExportResult {
  object: 'export';
  source: Record<string, string>;
  exports: {
    preset: string;
    image: ImageRef;
    report: {
      crop: { x: number; y: number; width: number; height: number };
      subject: { x: number; y: number; width: number; height: number } | null;
      subject_kept: number | null;
      upscale: number;
      warnings: string[];
    };
  }[];
}

/** What to publish (one of job, session, batch), where (configured target names), at which presets. */
export interface PublishInput {
  targets: string[];
  job?: string;
  session?: string;
  batch?: string;
  presets?: string[];
  format?: 'png' | 'jpeg' | 'webp';
}

export interface Publication {
  id: string;
  status: 'delivering' | 'delivered' | 'partial' | 'failed';
  counts: { total: number; pending: number; delivered: number; failed: number };
  deliveries: {
    id: string;
    target: string;
    type: string | null;
    file: string;
    status: 'pending' | 'delivered' | 'failed';
    attempts: number;
    response_status: number | null;
    location: string | null;
    error: string | null;
  }[];
}
