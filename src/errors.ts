/** Stable error codes: scripts and HTTP clients switch on these strings, so never rename one. */
export const ERROR_CODES = {
  INVALID_ARGUMENT: { status: 400, exit: 2 },
  EMPTY_INSTRUCTION: { status: 400, exit: 2 },
  INSTRUCTION_TOO_LONG: { status: 400, exit: 2 },
  UNSUPPORTED_INSTRUCTION: { status: 422, exit: 2 },
  NEEDS_GENERATIVE_ENGINE: { status: 422, exit: 2 },
  INVALID_IMAGE: { status: 400, exit: 2 },
  UNSUPPORTED_FORMAT: { status: 415, exit: 2 },
  IMAGE_TOO_LARGE: { status: 413, exit: 2 },
  INVALID_MASK: { status: 400, exit: 2 },
  TARGET_NOT_FOUND: { status: 422, exit: 2 },
  OUTPUT_WRITE_FAILED: { status: 500, exit: 1 },
  MODEL_LOAD_FAILED: { status: 500, exit: 1 },
  INTERNAL: { status: 500, exit: 1 },
  // A generative engine's provider failed (its own error, kept in details) or cannot be reached now.
  ENGINE_FAILED: { status: 502, exit: 1 },
  ENGINE_UNAVAILABLE: { status: 503, exit: 1 },
  SERVER_BUSY: { status: 503, exit: 1 },
  UNSAFE_CONTENT: { status: 422, exit: 2 },
  IDENTITY_DOCUMENT: { status: 422, exit: 2 },
  FORGERY_REQUEST: { status: 422, exit: 2 },
  // The service's own codes (HTTP only).
  UNAUTHORIZED: { status: 401, exit: 2 },
  NOT_FOUND: { status: 404, exit: 2 },
  REQUEST_TOO_LARGE: { status: 413, exit: 2 },
  RATE_LIMITED: { status: 429, exit: 2 },
  QUOTA_EXCEEDED: { status: 429, exit: 2 },
  QUEUE_FULL: { status: 429, exit: 2 },
  IDEMPOTENCY_CONFLICT: { status: 409, exit: 2 },
  JOB_NOT_DONE: { status: 409, exit: 2 },
  JOB_CANCELLED: { status: 409, exit: 2 },
  NOTHING_TO_UNDO: { status: 409, exit: 2 },
  NOTHING_TO_REDO: { status: 409, exit: 2 },
  JOB_TIMEOUT: { status: 504, exit: 1 },
  JOB_INTERRUPTED: { status: 500, exit: 1 },
  QUEUE_UNAVAILABLE: { status: 503, exit: 1 },
  DATABASE_UNAVAILABLE: { status: 503, exit: 1 },
  URL_NOT_ALLOWED: { status: 400, exit: 2 },
  URL_FETCH_FAILED: { status: 502, exit: 2 },
  LOW_QUALITY_INPUT: { status: 422, exit: 2 },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type Stage =
  | 'args'
  | 'parse'
  | 'load'
  | 'perceive'
  | 'ground'
  | 'edit'
  | 'quality'
  | 'encode'
  | 'write'
  | 'internal'
  | 'auth'
  | 'policy'
  | 'request'
  | 'fetch'
  | 'queue'
  | 'storage';

export interface ErrorJson {
  code: ErrorCode;
  message: string;
  stage: Stage;
  details: Record<string, unknown>;
}

/** The one error type: every failure the user can see is one of these. */
export class ScalpelError extends Error {
  readonly code: ErrorCode;
  readonly stage: Stage;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { stage: Stage; details?: Record<string, unknown>; cause?: unknown } = { stage: 'internal' },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ScalpelError';
    this.code = code;
    this.stage = opts.stage;
    this.status = ERROR_CODES[code].status;
    this.details = opts.details ?? {};
  }

  /** Exit code for the CLI: 2 for a problem with the caller's input, 1 for our own fault. */
  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  toJSON(): ErrorJson {
    return { code: this.code, message: this.message, stage: this.stage, details: this.details };
  }

  /** Wraps anything thrown into a ScalpelError, keeping the original as `cause`. */
  static from(err: unknown, stage: Stage = 'internal'): ScalpelError {
    if (err instanceof ScalpelError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new ScalpelError('INTERNAL', `Internal error: ${message}`, { stage, cause: err });
  }
}
