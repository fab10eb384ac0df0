/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it), kept loose: the document is plain data. */
export type Schema = Record<string, unknown>;

export const ref = (name: string, kind = 'schemas') => ({ $ref: `#/components/${kind}/${name}` });
export const str = (description?: string, extra: Schema = {}): Schema => ({
  type: 'string',
  ...(description ? { description } : {}),
  ...extra,
});
export const int = (description?: string): Schema => ({
  type: 'integer',
  ...(description ? { description } : {}),
});
export const num = (description?: string): Schema => ({
  type: 'number',
  ...(description ? { description } : {}),
});
export const bool = (description?: string): Schema => ({
  type: 'boolean',
  ...(description ? { description } : {}),
});
export const arr = (items: Schema, description?: string): Schema => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
/** `s` or null; the description moves out to the property, where readers and /docs look for it. */
export const nullable = ({ description, ...s }: Schema): Schema => ({
  anyOf: [s, { type: 'null' }],
  ...(description ? { description } : {}),
});
export const obj = (
  properties: Record<string, Schema>,
  required: string[] = [],
  extra: Schema = {},
): Schema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  ...extra,
});
export const loose = (description: string): Schema => ({
  type: 'object',
  additionalProperties: true,
  description,
});
const ms = (what: string) => int(`${what} (Unix time, milliseconds).`);

const imageInput = str(
  'Base64, a `data:` URL, or an http(s) URL (fetched by the server; private addresses refused).',
);
const imageView = ref('ImageView');
export const file = (description?: string) =>
  str(description, { contentMediaType: 'application/octet-stream' });
export const formats = str('Output format; by default the input format.', { enum: ['png', 'jpeg', 'webp'] });

const EVENT_TYPES = [
  'queued',
  'running',
  'preview',
  'preview_failed',
  'requeued',
  'done',
  'failed',
  'cancelled',
];

export const schemas: Record<string, Schema> = {
  ImageInput: {
    description: 'An image in JSON.',
    oneOf: [imageInput, obj({ url: str() }, ['url']), obj({ base64: str() }, ['base64'])],
  },
  ImageView: obj(
    {
      id: str(),
      format: str(undefined, { enum: ['png', 'jpeg', 'webp'] }),
      width: int(),
      height: int(),
      bytes: int(),
      url: str('Signed URL: works without a key until it expires.', { format: 'uri' }),
    },
    ['id', 'format', 'width', 'height', 'bytes', 'url'],
  ),
  EditPlan: obj(
    {
      version: { const: 1 },
      instruction: str('The normalised instruction.'),
      steps: arr(loose('One operation.')),
      ignored: arr(
        str('Words read as context, not request, and set aside (老板说价格写错了, for the memorial post).'),
      ),
    },
    ['version', 'instruction', 'steps'],
  ),
  EngineList: obj(
    {
      preferred: nullable(str('SCALPEL_ENGINE, when set.')),
      engines: arr(
        obj(
          {
            id: str(),
            kind: str(undefined, { enum: ['local', 'generative'] }),
            version: str(),
            capabilities: loose('op → `good` or `can`.'),
            configured: bool(),
            reachable: nullable(bool('Answered a probe just now; null when not probed.')),
            detail: str('Where it points, or what to set to enable it.'),
          },
          ['id', 'kind', 'version', 'capabilities', 'configured', 'reachable', 'detail'],
        ),
      ),
    },
    ['preferred', 'engines'],
  ),
  PlanRequest: obj(
    {
      instruction: str('What to change, in Chinese or English.'),
      engine: str('Plan as if every step were forced onto this engine.'),
      mask: bool('The edit will carry a mask.'),
      asset: bool('The edit will carry an asset image (a logo, a background).'),
      image: str(
        'Optional: the image (base64, data: URL or URL; a file field in multipart). Then `where` says where each step would act.',
      ),
      session: str('Optional, instead of `image`: a session whose current version is used.'),
      lang: str('The language of `summary`.', { enum: ['en', 'zh'] }),
      mask_image: str(
        'Optional with an image: the mask the edit will carry (a file field `mask` in multipart).',
      ),
      asset_image: str(
        'Optional with an image: the logo an add step will place, so its box is the one the edit uses (a file field `asset` in multipart).',
      ),
    },
    ['instruction'],
  ),
  PlanAnswer: obj(
    {
      ok: { const: true },
      plan: ref('EditPlan'),
      summary: arr(str('One step in words.')),
      engines: arr(str('The engine that would run the step at the same index.')),
      where: arr(
        loose(
          'With an image: step by step, `op`, `global`, `box`, `mask_png` (data: URL, white = may change), `found`, `answer` (a question), `warnings`, or `error` (e.g. TARGET_NOT_FOUND with what was found).',
        ),
      ),
    },
    ['ok', 'plan', 'summary', 'engines'],
  ),
  QueryAnswer: obj({ exists: bool(), objects: arr(loose('label, box, confidence, text')), note: str() }),
  EditReport: obj(
    {
      ok: { const: true },
      plan: ref('EditPlan'),
      steps: arr(loose('What one step did: op, target, region, engine, quality, warnings, details.')),
      image: obj({ width: int(), height: int(), format: str() }),
      warnings: arr(str()),
      timings: {
        type: 'object',
        additionalProperties: num(),
        description: 'Milliseconds per stage; total_ms.',
      },
      answer: ref('QueryAnswer'),
      cache: obj({ hit: bool() }),
      aigc: loose(
        'The GB 45438-2025 implicit label written into the image XMP: Label, ContentProducer, ProduceID, ReservedCode1 (sha256 binding to the pixels), ReservedCode2.',
      ),
      visible_label: loose(
        'When the server draws the visible AIGC label (SCALPEL_VISIBLE_LABEL): text, corner, box (changed pixels too), font_px, and a warning when the image is too small for it.',
      ),
    },
    ['plan', 'steps', 'warnings', 'timings'],
    { additionalProperties: true },
  ),
  JobStatus: str(undefined, { enum: ['queued', 'running', 'done', 'failed', 'cancelled'] }),
  Job: obj(
    {
      id: str(undefined, { examples: ['job_Sl_eDhvMKV2Fv-1aaXoVKA'] }),
      object: { const: 'job' },
      status: ref('JobStatus'),
      instruction: str(),
      plan: ref('EditPlan'),
      created_at: ms('Accepted'),
      started_at: nullable(ms('Started')),
      finished_at: nullable(ms('Finished')),
      attempts: int('Runs started (a server restart re-queues a running job).'),
      session_id: nullable(str()),
      batch_id: nullable(str()),
      warnings: arr(str(), 'Input checks (blur, exposure, noise).'),
      preview: nullable(
        obj({
          image: imageView,
          source: str(
            '`edit`: the edit run at 512 px (inputs over 1600 px), ready before the result; `result`: the ' +
              'result scaled down (smaller inputs), sent just before it.',
            { enum: ['edit', 'result'] },
          ),
        }),
      ),
      result: nullable(
        obj({
          image: nullable({ ...imageView, description: 'Null when the instruction was a question.' }),
          report: ref('EditReport'),
          answer: nullable(ref('QueryAnswer')),
        }),
      ),
      error: nullable(ref('ErrorObject')),
      cache: obj({ hit: bool('True when the result came from the cache without running the edit.') }),
      links: obj({ self: str(), events: str(), result: str() }),
    },
    ['id', 'object', 'status', 'instruction', 'created_at', 'preview', 'result', 'error', 'links'],
  ),
  JobList: obj(
    {
      object: { const: 'list' },
      data: arr(ref('Job')),
      has_more: { type: 'boolean' },
      next: nullable(str('The last job of this page: pass it as `before` for the next page.')),
    },
    ['object', 'data', 'has_more', 'next'],
  ),
  SessionVersion: obj({
    id: str(),
    parent: nullable(str()),
    job_id: nullable(str('The edit that made it; null for the uploaded original.')),
    instruction: nullable(str()),
    created_at: ms('Made'),
    image: imageView,
  }),
  Session: obj(
    {
      id: str(),
      object: { const: 'session' },
      head: str('The version the next instruction applies to.'),
      created_at: ms('Created'),
      versions: arr(ref('SessionVersion')),
    },
    ['id', 'object', 'head', 'versions'],
  ),
  SessionMove: obj({
    object: { const: 'session.move' },
    action: str(undefined, { enum: ['undo', 'redo'] }),
    session: ref('Session'),
  }),
  Batch: obj(
    {
      id: str(),
      object: { const: 'batch' },
      total: int(),
      ...Object.fromEntries(['done', 'failed', 'cancelled', 'running', 'queued'].map((k) => [k, int()])),
      progress: num('Finished share, 0 to 1.'),
      created_at: ms('Created'),
      jobs: arr(ref('Job')),
      warnings: arr(str(), 'Only in the POST answer.'),
    },
    ['id', 'object', 'total', 'progress', 'jobs'],
  ),
  JobEvent: obj(
    {
      id: str('The sequence number: send the last one as Last-Event-ID to resume.'),
      event: str(undefined, { enum: EVENT_TYPES }),
      data: str('JSON: the whole Job for `preview` and final events; else `{}`, `{attempts}` or `{error}`.'),
    },
    ['id', 'event', 'data'],
    { description: 'One server-sent event: `id:`, `event:` and `data:` lines, not a JSON object.' },
  ),
  Health: obj({
    ok: bool(),
    queued: int(),
    running: int(),
    cache: obj({ entries: int(), bytes: int(), hits: int() }),
  }),
};
