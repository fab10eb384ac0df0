import { ERROR_CODES, type ErrorCode } from '../../index.js';
import { ref, str, type Schema } from './openapi-schemas.js';

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];
const STATUSES = [...new Set(CODES.map((c) => ERROR_CODES[c].status as number))].sort((a, b) => a - b);

/** Component names for the error answers, one per status that ERROR_CODES uses. */
const NAMES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Unprocessable',
  429: 'TooManyRequests',
  500: 'ServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};
const nameOf = (status: number) => NAMES[status] ?? `Status${status}`;

/** One error answer: which codes come with this status (generated, so never out of date) in which shape. */
function errorResponse(status: number, schema: Schema): Schema {
  const codes = CODES.filter((c) => ERROR_CODES[c].status === status).map((c) => `\`${c}\``);
  const headers: Schema = {};
  if (status === 401) headers['WWW-Authenticate'] = { schema: str(), description: 'Bearer realm="scalpel"' };
  // Set whenever the error knows how long to wait: rate limits, quota, a full queue, a job not done yet.
  if ([409, 429, 503, 504].includes(status)) headers['Retry-After'] = ref('RetryAfter', 'headers');
  return {
    description: `${nameOf(status).replace(/([a-z])([A-Z])/g, '$1 $2')}: ${codes.join(', ')}.`,
    ...(Object.keys(headers).length ? { headers } : {}),
    content: { 'application/json': { schema } },
  };
}

/** The shared error answers of the native API, as components. */
export const errorResponses = (): Record<string, Schema> =>
  Object.fromEntries(STATUSES.map((s) => [nameOf(s), errorResponse(s, ref('Error'))]));

/** The error answers of one operation, as $refs to the shared ones. */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), ref(nameOf(s), 'responses')]));

/** A compatibility route answers every error in its protocol's shape (src/service/http/error-shapes.ts). */
export const compatErrors = (shape: 'DashScopeError' | 'OpenAIError', ...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), errorResponse(s, ref(shape))]));
