import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig, type ServiceConfig } from '../config.js';
import { compatPaths } from './openapi-compat.js';
import { compatErrors, errorResponses, errors } from './openapi-errors.js';
import { exportPaths } from './openapi-exports.js';
import { paths, type Operation, type PathItem } from './openapi-paths.js';
import { int, str, type Schema } from './openapi-schemas.js';
import { sessionPaths } from './openapi-sessions.js';
import { componentSchemas } from './schemas/index.js';

export type { Operation, PathItem } from './openapi-paths.js';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, PathItem>;
  components: Record<
    'schemas' | 'parameters' | 'headers' | 'responses' | 'securitySchemes',
    Record<string, Schema>
  >;
}

const param = (
  name: string,
  where: 'path' | 'query' | 'header',
  description: string,
  schema: Schema = str(),
) => ({
  name,
  in: where,
  description,
  ...(where === 'path' ? { required: true } : {}),
  schema,
});
const id = (what: string) => param('id', 'path', `The ${what} id.`);

const parameters: Record<string, Schema> = {
  JobId: id('job'),
  SessionId: id('session'),
  BatchId: id('batch'),
  ImageId: id('image'),
  Wait: param(
    'wait',
    'query',
    'Seconds to hold the answer until the job is final (at most the job timeout).',
    int(),
  ),
  PreferWait: param('Prefer', 'header', '`wait=N`: the same as `?wait=N`.'),
  IdempotencyKey: param(
    'Idempotency-Key',
    'header',
    'Up to 255 printable ASCII characters. A retry with the same key and request gets the first ' +
      'job back (header `Idempotent-Replayed: true`), without a second edit or charge; the same key with ' +
      'a different request is 409 `IDEMPOTENCY_CONFLICT`.',
  ),
  LastEventId: param(
    'Last-Event-ID',
    'header',
    'Resume after this event id (browsers send it on reconnect).',
  ),
  After: param('after', 'query', 'The same as Last-Event-ID, for clients that cannot set headers.', int()),
  Limit: param('limit', 'query', '1 to 100; default 20.', int()),
  Before: param('before', 'query', "A job id: the jobs listed after it (the previous page's `next`)."),
  Meta: param('meta', 'query', 'Present (any value): answer with the ImageView JSON instead of the bytes.'),
  Exp: { ...param('exp', 'query', 'Expiry, Unix seconds (part of the signed URL).', int()), required: true },
  Sig: { ...param('sig', 'query', 'The signature (part of the signed URL).'), required: true },
};

const headers: Record<string, Schema> = {
  Location: { description: 'The job: `/v1/jobs/{id}`.', schema: str() },
  IdempotentReplayed: {
    description: '`true` when an Idempotency-Key matched an earlier request.',
    schema: str(),
  },
  RetryAfter: { description: 'Seconds to wait before trying again.', schema: int() },
};

const MB = 1024 * 1024;

/** From the package.json above this file, so the document never claims a stale version (src/ or dist/src/). */
function packageVersion(): string {
  for (let dir = import.meta.dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

/** What a reader needs before the reference: auth, the job flow, and this server's limits. */
function description(cfg: ServiceConfig): string {
  return [
    'Scalpel edits images by instruction — 把‘¥199’改成‘¥169’, “remove the watermark”, 把背景换成白色 — and ' +
      'changes exactly what the sentence says, nothing else. Every edit is a job: submit it, then poll, ' +
      'wait on it, or follow its events.',
    '**Auth.** Send `Authorization: Bearer <key>` (or `X-API-Key: <key>`). With no keys configured the ' +
      'server runs in single-user mode: any key, or none, is accepted. Once a key exists ' +
      '(`scalpel keys create --name <name>`), requests without a valid one get 401.',
    `**Preview first.** Images over ${cfg.previewAbove} px on the long side are edited at ` +
      `${cfg.previewSide} px first: the job's \`preview\` (and a \`preview\` event) ` +
      'arrives before the full result. Smaller ones are edited at full size at once.',
    '**Idempotency and the cache.** Send `Idempotency-Key` to make retries safe. The same image and ' +
      'plan (however the instruction is phrased) are answered from the result cache at once.',
    `**Limits.** Request bodies up to ${Math.round(cfg.maxBodyBytes / MB)} MB; images up to ` +
      `${cfg.maxPixels.toLocaleString('en-US')} pixels (PNG, JPEG or WebP); instructions up to ` +
      `${cfg.maxInstructionLength} characters; at most ${cfg.maxQueue} jobs waiting; each edit up to ` +
      `${cfg.jobTimeoutMs / 1000} s; ${cfg.ratePerMinute} requests per minute and ` +
      `${cfg.quotaPerDay.toLocaleString('en-US')} edits per day per key unless the key sets its own.`,
  ].join('\n\n');
}

const BEARER =
  'An API key: `Authorization: Bearer sk-scalpel-…`. Single-user mode (no keys configured): any or no key.';

/** The OpenAPI 3.1 description of every route createApp() serves; openapi.test.ts holds the two together. */
export function openApiDocument(cfg: ServiceConfig = defaultConfig()): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'Scalpel', version: packageVersion(), description: description(cfg) },
    tags: [
      { name: 'Edits', description: 'Submit an edit; follow its job to the preview and the result.' },
      { name: 'Sessions', description: 'One image, many instructions in turn, with undo and redo.' },
      { name: 'Batches', description: 'One image, many instructions at once.' },
      {
        name: 'Exports',
        description: 'An image at the sizes platforms ask for, cropped around its subject.',
      },
      { name: 'Images', description: 'Inputs and results by id, and by signed URL.' },
      { name: 'Compatibility', description: 'Drop-in endpoints for DashScope and OpenAI clients.' },
      { name: 'Service', description: 'Health and this documentation (no key needed).' },
    ],
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    paths: everyRoute({ ...paths, ...sessionPaths, ...exportPaths, ...compatPaths }),
    components: {
      // Generated from the declarations the routes validate with and the views are typed by.
      schemas: componentSchemas(),
      parameters,
      headers,
      responses: errorResponses(),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: BEARER },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same key.' },
      },
    },
  };
}

interface ErrorAnswer {
  content?: Record<string, { schema?: { $ref?: string } }>;
}

/**
 * The errors any route can answer, added where a route's own list leaves them out: a failure inside
 * (500) or a part away or full (503: the database, the queue, too many bodies at once); and for every
 * keyed route, a refused key (401) and the rate limit (429), which come before the route runs.
 */
function everyRoute(all: Record<string, PathItem>): Record<string, PathItem> {
  const withCommon = (op: Operation): Operation => {
    const keyed = !(Array.isArray(op.security) && op.security.length === 0);
    const statuses = [...(keyed ? [401, 429] : []), 500, 503];
    // A compatible route answers its errors in its protocol's shape: the added ones too.
    const shape = Object.values(op.responses)
      .map((r) => String((r as ErrorAnswer).content?.['application/json']?.schema?.$ref ?? ''))
      .map((ref) => ref.split('/').pop())
      .find(
        (name): name is 'DashScopeError' | 'OpenAIError' =>
          name === 'DashScopeError' || name === 'OpenAIError',
      );
    const common = shape ? compatErrors(shape, ...statuses) : errors(...statuses);
    const merged = { ...common, ...op.responses };
    return { ...op, responses: Object.fromEntries(Object.entries(merged).sort(([x], [y]) => +x - +y)) };
  };
  return Object.fromEntries(
    Object.entries(all).map(([path, item]) => [
      path,
      Object.fromEntries(Object.entries(item).map(([m, op]) => [m, withCommon(op)])),
    ]),
  );
}

/** Follows a local `$ref` ("#/components/…"); anything else is returned as it is. */
export function resolveRef<T = Schema>(doc: OpenApiDocument, node: unknown): T {
  let n = node as Schema;
  for (let hops = 0; typeof n?.$ref === 'string' && hops < 10; hops++) {
    const target = (n.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], doc);
    if (target === undefined) throw new Error(`Unresolved $ref ${String(n.$ref)}`);
    n = target as Schema;
  }
  return n as T;
}
