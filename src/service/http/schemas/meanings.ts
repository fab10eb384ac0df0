import type { ErrorCode } from '../../../index.js';

/** Meanings for the error table: a Record over ErrorCode, so a new code without one fails to compile. */
export const ERROR_MEANINGS: Record<ErrorCode, string> = {
  INVALID_ARGUMENT: 'A field, header or query parameter is missing or malformed; `details.field` names it.',
  EMPTY_INSTRUCTION: 'The instruction is empty.',
  INSTRUCTION_TOO_LONG: 'The instruction is longer than the server allows.',
  UNSUPPORTED_INSTRUCTION:
    'The instruction names no edit Scalpel can make; `details.supported` has examples.',
  NEEDS_GENERATIVE_ENGINE:
    'The edit would invent new content (or fill too large a hole): only a generative engine can.',
  INVALID_IMAGE: 'The image is empty, not base64, truncated or not an image at all.',
  UNSUPPORTED_FORMAT: 'The image is not PNG, JPEG or WebP, or the body is not multipart/form-data or JSON.',
  IMAGE_TOO_LARGE: 'The image has more bytes or pixels than the server accepts.',
  INVALID_MASK: 'The mask is unreadable, not the size of the image, or all black.',
  TARGET_NOT_FOUND: 'What the instruction names (a text, an object) is not in the image.',
  OUTPUT_WRITE_FAILED: 'The result could not be encoded or stored.',
  MODEL_LOAD_FAILED: 'A model the edit needs could not be loaded on the server.',
  INTERNAL: 'An unexpected server error; the server log has the cause.',
  ENGINE_FAILED:
    "The generative engine's provider answered with an error; `details.provider_code` and `details.provider_message` keep its own words.",
  ENGINE_UNAVAILABLE:
    'The generative engine cannot be reached now (timeouts, or its circuit breaker is open after repeated failures); `Retry-After` says when to try again.',
  UNSAFE_CONTENT:
    'The image (or the asset, or a generative result) was classified as sexual content (NSFW classifier; `details.scores`); nothing was edited.',
  IDENTITY_DOCUMENT:
    'The image is an identity document or bank card (recognised by its words, number checksums or MRZ lines; `details.evidence`): it is not edited.',
  FORGERY_REQUEST:
    'The instruction asks to forge or alter a document of record, an official seal or a signature (`details.words`).',
  SERVER_BUSY:
    'The server is reading too many large request bodies at once (SCALPEL_MAX_INFLIGHT_BYTES); retry after `Retry-After` seconds.',
  UNAUTHORIZED: 'No API key, or an unknown or revoked one (only when keys are configured).',
  NOT_FOUND: 'No such route, or no such job, session, batch or image for this key.',
  REQUEST_TOO_LARGE: 'The request body is over the size limit.',
  RATE_LIMITED: 'Too many requests this minute for this key; wait `Retry-After` seconds.',
  QUOTA_EXCEEDED: "The key's daily edit quota is used up; `Retry-After` counts to midnight UTC.",
  QUEUE_FULL: 'The queue is full; `Retry-After` estimates when there will be room.',
  IDEMPOTENCY_CONFLICT: 'The Idempotency-Key was used before for a different request.',
  JOB_NOT_DONE: 'The job has no result (or preview) yet; retry after `Retry-After` or follow its events.',
  JOB_CANCELLED: 'The job was cancelled, so it has no result.',
  NOTHING_TO_UNDO: 'The session is at its first version.',
  NOTHING_TO_REDO: 'The session head has no later version to return to.',
  JOB_TIMEOUT: 'The edit ran longer than the job timeout and was stopped.',
  JOB_INTERRUPTED:
    'The server or its worker process stopped during the edit (a restart, the OOM killer) twice; it was not retried again.',
  QUEUE_UNAVAILABLE: 'The job queue (Redis, in a scale-out deployment) cannot be reached; retry later.',
  DATABASE_UNAVAILABLE:
    'The record database (PostgreSQL, in a scale-out deployment) cannot be reached; retry later.',
  URL_NOT_ALLOWED: 'The image URL is not http(s), or it points at a private or loopback address.',
  URL_FETCH_FAILED: 'The image URL could not be fetched (unreachable, timed out, too large, not an image).',
  LOW_QUALITY_INPUT:
    'The input is too blurred, dark, bright or noisy, and the quality gate refuses such images.',
};
