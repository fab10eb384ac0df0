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
