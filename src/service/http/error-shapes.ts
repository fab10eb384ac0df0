import type { ErrorCode, ScalpelError } from '../../index.js';
import { newId } from '../storage/ids.js';

/**
 * The error bodies of the APIs we speak. Ours: `{ error: { code, message, stage, details } }`;
 * DashScope's (every /api/ path): `{ request_id, code, message }`; OpenAI's (/v1/images/edits):
 * `{ error: { message, type, param, code } }`. All carry our stable code.
 */
export function errorBody(path: string, e: ScalpelError): unknown {
  if (path.startsWith('/api/')) {
    // A failed job's id is the request id, so the client can look the job up.
    const requestId = typeof e.details.job === 'string' ? e.details.job : newId('req');
    return { request_id: requestId, code: e.code, message: e.message };
  }
  if (path === '/v1/images/edits') {
    const type = e.status >= 500 ? 'server_error' : 'invalid_request_error';
    return { error: { message: e.message, type, param: openaiParam(e), code: e.code } };
  }
  return { error: { code: e.code, message: e.message, stage: e.stage, details: e.details } };
}

/** Codes that are about what the prompt asked. */
const PROMPT_CODES: ErrorCode[] = [
  'EMPTY_INSTRUCTION',
  'INSTRUCTION_TOO_LONG',
  'UNSUPPORTED_INSTRUCTION',
  'NEEDS_GENERATIVE_ENGINE',
  'TARGET_NOT_FOUND',
  'FORGERY_REQUEST',
];

/** The form field OpenAI's `param` names. */
function openaiParam(e: ScalpelError): string | null {
  if (e.code === 'INVALID_MASK') return 'mask';
  if (PROMPT_CODES.includes(e.code)) return 'prompt';
  const field = e.details.field;
  if (field === 'asset') return 'image';
  return typeof field === 'string' ? field : null;
}
