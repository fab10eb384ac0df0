import { errors } from './openapi-errors.js';
import { file, ref, type Schema } from './openapi-schemas.js';

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: Schema[];
  requestBody?: Schema;
  responses: Record<string, Schema>;
  /** Empty for the open routes: no key needed. */
  security?: Record<string, string[]>[];
  'x-codeSamples'?: { lang: string; label: string; source: string }[];
}
export type PathItem = Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>;

export const json = (schema: Schema, description: string, headers?: Schema): Schema => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema } },
});
export const body = (jsonSchema: Schema, form?: Schema): Schema => ({
  required: true,
  content: {
    'application/json': { schema: jsonSchema },
    ...(form ? { 'multipart/form-data': { schema: form } } : {}),
  },
});
export const image = (description: string): { description: string; content: Record<string, Schema> } => ({
  description,
  content: Object.fromEntries(['png', 'jpeg', 'webp'].map((f) => [`image/${f}`, { schema: file() }])),
});
export const p = (name: string) => ref(name, 'parameters');
export const h = (name: string) => ref(name, 'headers');
/** Shown on /docs. `$SCALPEL_URL` and `$SCALPEL_KEY` are set once, as the page's intro shows. */
export const curl = (...lines: string[]) => ({
  'x-codeSamples': [{ lang: 'shell', label: 'curl', source: lines.join(' \\\n  ') }],
});
export const AUTH = '-H "Authorization: Bearer $SCALPEL_KEY"';
export const open = { security: [] };

const jobHeaders = { Location: h('Location'), 'Idempotent-Replayed': h('IdempotentReplayed') };
const editAnswers = {
  '200': json(ref('Job'), 'Final already: a cache hit, or it finished within the wait.', jobHeaders),
  '202': json(ref('Job'), 'Queued or running: poll the job, wait on it, or follow its events.', jobHeaders),
};

/** The core flow: submit an edit, then follow its job to the preview and the result. */
export const paths: Record<string, PathItem> = {
  '/v1/edits': {
    post: {
      operationId: 'createEdit',
      tags: ['Edits'],
      summary: 'Submit an edit',
      description:
        'Uploads an image with an instruction and queues the edit. Send the image as a multipart file, ' +
        'or in JSON as base64, a `data:` URL or an http(s) URL, in `image` (or `image_url`). The ' +
        'instruction is parsed, and the image checked, before anything is queued: a refusal leaves ' +
        'nothing behind. The same image and plan answer from the cache at once (200), however the ' +
        'instruction is phrased. With `?wait=` or `Prefer: wait=N` the answer comes when the job is ' +
        'final or the wait is over.',
      parameters: [p('Wait'), p('PreferWait'), p('IdempotencyKey')],
      requestBody: body(ref('EditJson'), ref('EditForm')),
      responses: { ...editAnswers, ...errors(400, 409, 413, 415, 422, 502) },
      ...curl(
        'curl -sS "$SCALPEL_URL/v1/edits?wait=30"',
        AUTH,
        '-H "Idempotency-Key: poster-price-1"',
        '-F image=@poster.png',
        `-F "instruction=把'¥199'改成'¥169'，字体颜色变红"`,
      ),
    },
  },
  '/v1/plan': {
    post: {
      operationId: 'planInstruction',
      tags: ['Edits'],
      summary: 'Show what an instruction would do',
      description:
        'Parses an instruction into the plan an edit would run, with one line in words per step, ' +
        'without an image, a model or a job: milliseconds. `mask` and `asset` say only whether the ' +
        'edit will carry one (a mask makes "去掉这个" act on it; a logo needs an asset). A sentence ' +
        'that an edit would refuse gets the same error here. Costs no quota. With an `image` (or a ' +
        '`session`), `where` also says where each step would act, grounded with the same models before ' +
        'anything is edited (a question is simply answered): about a second, one request at a time ' +
        '(429 QUEUE_FULL when four already wait). Every step is grounded on the image as given.',
      requestBody: body(ref('PlanRequest')),
      responses: {
        200: json(ref('PlanAnswer'), 'The plan, and each step in words.'),
        ...errors(400, 404, 413, 415, 422, 504),
      },
      ...curl(
        'curl -sS "$SCALPEL_URL/v1/plan"',
        AUTH,
        '-H "Content-Type: application/json"',
        `-d '{"instruction": "去掉这个，再把背景换成纯白", "mask": true}'`,
      ),
    },
  },
  '/mcp': {
    post: {
      operationId: 'mcp',
      tags: ['Edits'],
      summary: 'Model Context Protocol (streamable HTTP)',
      description:
        'Scalpel as an MCP server for assistants and agents, stateless, answering in JSON: tools `edit_image`, ' +
        '`ask_image`, `plan_instruction` and `batch_variants`. Each edit is a job in this service’s queue, under ' +
        'your key’s rate limit and quota. Images are sent as base64 (`image_base64`); paths are refused here. ' +
        'The same server runs locally over stdio with `scalpel mcp`.',
      requestBody: body({ type: 'object', description: 'A JSON-RPC 2.0 message of the MCP protocol.' }),
      responses: {
        200: json({ type: 'object', description: 'The JSON-RPC answer.' }, 'The answer.'),
        202: { description: 'A notification or a response from the client, taken: no body.' },
      },
      ...curl(
        'curl -sS "$SCALPEL_URL/mcp"',
        AUTH,
        '-H "Content-Type: application/json" -H "Accept: application/json, text/event-stream"',
        `-d '{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}'`,
      ),
    },
  },
  '/v1/engines': {
    get: {
      operationId: 'listEngines',
      tags: ['Edits'],
      summary: 'List the engines',
      description:
        'Every engine this server knows: what it does (`good`: chosen by default; `can`: only when a ' +
        'request forces it with `engine`), whether its settings are present and, for remote engines, ' +
        'whether it answered a short probe just now. `preferred` is SCALPEL_ENGINE. Never shows a secret.',
      responses: { 200: json(ref('EngineList'), 'The engines.') },
      ...curl('curl -sS "$SCALPEL_URL/v1/engines"', AUTH),
    },
  },
  '/v1/jobs': {
    get: {
      operationId: 'listJobs',
      tags: ['Edits'],
      summary: 'List jobs',
      description: "Your jobs, newest first. For the next page pass the answer's `next` as `before`.",
      parameters: [p('Limit'), p('Before')],
      responses: { '200': json(ref('JobList'), 'The jobs.'), ...errors(400) },
      ...curl('curl -sS "$SCALPEL_URL/v1/jobs?limit=5"', AUTH),
    },
  },
  '/v1/jobs/{id}': {
    get: {
      operationId: 'getJob',
      tags: ['Edits'],
      summary: 'Get a job',
      description: 'Its status, the preview once there is one, and the result or error when final.',
      parameters: [p('JobId'), p('Wait'), p('PreferWait')],
      responses: { '200': json(ref('Job'), 'The job.'), ...errors(404) },
      ...curl('curl -sS "$SCALPEL_URL/v1/jobs/$JOB?wait=30"', AUTH),
    },
    delete: {
      operationId: 'deleteJob',
      tags: ['Edits'],
      summary: 'Cancel a job (DELETE form)',
      description: 'The same as `POST /v1/jobs/{id}/cancel`: the job is cancelled, not erased.',
      parameters: [p('JobId')],
      responses: { '200': json(ref('Job'), 'The job as it is now.'), ...errors(404) },
    },
  },
  '/v1/jobs/{id}/cancel': {
    post: {
      operationId: 'cancelJob',
      tags: ['Edits'],
      summary: 'Cancel a job',
      description:
        'A queued job is cancelled at once; a running one is stopped and becomes `cancelled` shortly ' +
        'after. A final job is returned unchanged.',
      parameters: [p('JobId')],
      responses: { '200': json(ref('Job'), 'The job as it is now.'), ...errors(404) },
      ...curl('curl -sS -X POST "$SCALPEL_URL/v1/jobs/$JOB/cancel"', AUTH),
    },
  },
  '/v1/jobs/{id}/events': {
    get: {
      operationId: 'streamJobEvents',
      tags: ['Edits'],
      summary: 'Follow a job (server-sent events)',
      description:
        "The job's history so far, then live events until it is final; the stream then ends. Event " +
        'types: `queued`, `running`, `preview` (the low-resolution result is ready), `preview_failed` ' +
        '(the full edit goes on), `requeued` (after a server restart), and one final `done`, `failed` ' +
        'or `cancelled`. Each event has an `id` (its sequence number): on reconnect send it as ' +
        '`Last-Event-ID` (or `?after=`) to get only what came later. The data of `preview` and of the ' +
        'final events is the whole Job; the others carry small objects (`attempts`, `error`).',
      parameters: [p('JobId'), p('LastEventId'), p('After')],
      responses: {
        '200': {
          description: 'An event stream: `id: 3` / `event: preview` / `data: {…Job…}`.',
          content: { 'text/event-stream': { schema: ref('JobEvent') } },
        },
        ...errors(404),
      },
      ...curl('curl -sSN "$SCALPEL_URL/v1/jobs/$JOB/events"', AUTH),
    },
  },
  ...imageOf(
    'result',
    'getJobResult',
    'Download the result',
    'The edited image, full size, in the output format.',
  ),
  ...imageOf(
    'preview',
    'getJobPreview',
    'Download the preview',
    'The same edit made at low resolution (WebP), ready before the result. A finished job without ' +
      'one (an input already about the preview size, a cache hit) serves its result here instead.',
  ),
};

function imageOf(
  which: string,
  operationId: string,
  summary: string,
  about: string,
): Record<string, PathItem> {
  const description =
    `${about} 409 \`JOB_NOT_DONE\` (with Retry-After) until there is one; a failed job answers ` +
    'with its own error and status, a cancelled one with `JOB_CANCELLED`, a question (no image) ' +
    'with 404 `NOT_FOUND`.';
  const out = `${which}.${which === 'preview' ? 'webp' : 'png'}`;
  return {
    [`/v1/jobs/{id}/${which}`]: {
      get: {
        operationId,
        tags: ['Edits'],
        summary,
        description,
        parameters: [p('JobId')],
        responses: { '200': image('The image bytes.'), ...errors(400, 404, 409, 422, 504) },
        ...curl(`curl -sS -o ${out} "$SCALPEL_URL/v1/jobs/$JOB/${which}"`, AUTH),
      },
    },
  };
}
