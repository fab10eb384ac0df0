import { AUTH, body, curl, h, image, json, open, p, type PathItem } from './openapi-paths.js';
import { errors } from './openapi-errors.js';
import { file, ref, str } from './openapi-schemas.js';

const move = (action: 'undo' | 'redo', text: string): PathItem => ({
  post: {
    operationId: `${action}Session`,
    tags: ['Sessions'],
    summary: `${action === 'undo' ? 'Undo' : 'Redo'} in a session`,
    description: text,
    parameters: [p('SessionId')],
    responses: {
      '200': json(ref('Session'), 'The session with its new head.'),
      ...errors(404, 409),
    },
  },
});

/** Sessions (one image, many instructions), batches (one image, many variants), images and open routes. */
export const sessionPaths: Record<string, PathItem> = {
  '/v1/sessions': {
    post: {
      operationId: 'createSession',
      tags: ['Sessions'],
      summary: 'Start a session',
      description: 'Uploads the image once; its first version is the original.',
      requestBody: body(ref('ImageJson'), ref('ImageForm')),
      responses: {
        '201': json(ref('Session'), 'The new session.'),
        ...errors(400, 413, 415, 422, 502),
      },
      ...curl('curl -sS "$SCALPEL_URL/v1/sessions"', AUTH, '-F image=@poster.png'),
    },
  },
  '/v1/sessions/{id}': {
    get: {
      operationId: 'getSession',
      tags: ['Sessions'],
      summary: 'Get a session',
      description: 'Its versions (a tree: each edit is a child of the version it started from) and head.',
      parameters: [p('SessionId')],
      responses: { '200': json(ref('Session'), 'The session.'), ...errors(404) },
    },
  },
  '/v1/sessions/{id}/edits': {
    post: {
      operationId: 'createSessionEdit',
      tags: ['Sessions'],
      summary: 'Edit the head version',
      description:
        'A new instruction edits the head; its result becomes the new head. A follow-up made only of ' +
        "modifiers (字再大一点, 'a bit bigger') re-runs the head's edit, amended, on the image that edit " +
        'started from. 撤销 / undo and 重做 / redo move the head and answer with a `session.move`.',
      parameters: [p('SessionId'), p('Wait'), p('PreferWait'), p('IdempotencyKey')],
      requestBody: body(ref('FollowUp')),
      responses: {
        '200': json({ oneOf: [ref('Job'), ref('SessionMove')] }, 'A final job, or the move of undo / redo.', {
          'Idempotent-Replayed': h('IdempotentReplayed'),
        }),
        '202': json(ref('Job'), 'Queued or running.', { 'Idempotent-Replayed': h('IdempotentReplayed') }),
        ...errors(400, 404, 409, 413, 415, 422, 502),
      },
      ...curl(
        'curl -sS "$SCALPEL_URL/v1/sessions/$SESSION/edits?wait=30"',
        AUTH,
        `-H "Content-Type: application/json"`,
        `-d '{"instruction": "字再大一点"}'`,
      ),
    },
  },
  '/v1/sessions/{id}/undo': move(
    'undo',
    'Moves the head to its parent. 409 `NOTHING_TO_UNDO` at the original.',
  ),
  '/v1/sessions/{id}/redo': move(
    'redo',
    'Moves the head to its newest child. 409 `NOTHING_TO_REDO` if none.',
  ),
  '/v1/batches': {
    post: {
      operationId: 'createBatch',
      tags: ['Batches'],
      summary: 'Submit a batch',
      description:
        'One image, up to 50 instructions (ten regional variants of a poster): one job each. Every ' +
        'instruction is parsed, and quota and queue room checked for all, before any job is queued: a ' +
        'batch is accepted whole or not at all. With an `Idempotency-Key` a retried batch answers the ' +
        'batch it made (200, `Idempotent-Replayed: true`).',
      parameters: [p('IdempotencyKey')],
      requestBody: body(ref('BatchJson'), ref('BatchForm')),
      responses: {
        '200': json(ref('Batch'), 'A retry with the same Idempotency-Key: the batch it made.'),
        '202': json(ref('Batch'), 'Accepted: every job is queued (or answered from the cache).'),
        ...errors(400, 413, 415, 422, 502),
      },
      ...curl(
        'curl -sS "$SCALPEL_URL/v1/batches"',
        AUTH,
        '-F image=@poster.png',
        `-F "instructions=把'¥199'改成'¥169'"`,
        `-F "instructions=把'¥199'改成'¥179'"`,
      ),
    },
  },
  '/v1/batches/{id}': {
    get: {
      operationId: 'getBatch',
      tags: ['Batches'],
      summary: 'Get a batch',
      description: 'Counts by status, progress from 0 to 1, and every job.',
      parameters: [p('BatchId')],
      responses: { '200': json(ref('Batch'), 'The batch.'), ...errors(404) },
    },
  },
  '/v1/batches/{id}/archive': {
    get: {
      operationId: 'downloadBatch',
      tags: ['Batches'],
      summary: 'Download every variant as a ZIP',
      description:
        'The finished variants’ images, numbered in the batch’s order and named after their ' +
        'instructions (`01-把-199-改成-169.png`), and `batch.json`: each variant’s instruction, status, ' +
        'file, error and warnings. Variants still running or failed have no file; ask again when the ' +
        'batch’s progress is 1.',
      parameters: [p('BatchId')],
      responses: {
        '200': { description: 'A ZIP archive (stored).', content: { 'application/zip': { schema: file() } } },
        ...errors(404),
      },
    },
  },
  '/v1/batches/{id}/events': {
    get: {
      operationId: 'streamBatchEvents',
      tags: ['Batches'],
      summary: 'Follow a batch (server-sent events)',
      description:
        'A `progress` event at once (counts by status and `progress` from 0 to 1), another each time ' +
        'one of its jobs moves (with `changed: {job, status}`), and a final `done` whose data is the ' +
        'whole Batch; the stream then ends.',
      parameters: [p('BatchId')],
      responses: {
        '200': {
          description: 'An event stream: `event: progress` / `data: {…counts…}`, then `event: done`.',
          content: { 'text/event-stream': { schema: str() } },
        },
        ...errors(404),
      },
    },
  },
  '/v1/images/{id}': {
    get: {
      operationId: 'getImage',
      tags: ['Images'],
      summary: 'Download one of your images',
      description: 'Any image you uploaded or got back, by id. With `?meta` its ImageView as JSON instead.',
      parameters: [p('ImageId'), p('Meta')],
      responses: {
        '200': {
          ...image('The image bytes, or its ImageView with `?meta`.'),
          content: { ...image('').content, 'application/json': { schema: ref('ImageView') } },
        },
        ...errors(404),
      },
    },
  },
  '/v1/files/{id}': {
    get: {
      operationId: 'getSignedFile',
      tags: ['Images'],
      summary: 'Download by signed URL (no key)',
      description:
        'The `url` of every ImageView: signed and time-limited, so clients of other APIs can fetch ' +
        'results with a plain GET. A bad or expired signature answers 404, like a missing file.',
      ...open,
      parameters: [p('ImageId'), p('Exp'), p('Sig')],
      responses: { '200': image('The image bytes.'), ...errors(404) },
    },
  },
  '/healthz': {
    get: {
      operationId: 'getHealth',
      tags: ['Service'],
      summary: 'Health',
      description: 'Liveness and load: jobs queued and running, and the result cache. No key needed.',
      ...open,
      responses: { '200': json(ref('Health'), 'The service is up.') },
      ...curl('curl -sS "$SCALPEL_URL/healthz"'),
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'getOpenApi',
      tags: ['Service'],
      summary: 'This API description',
      description: 'The OpenAPI 3.1 document this page is made from. No key needed.',
      ...open,
      responses: { '200': json({ type: 'object' }, 'The OpenAPI document.') },
    },
  },
  '/docs': {
    get: {
      operationId: 'getDocs',
      tags: ['Service'],
      summary: 'This page',
      description: 'The API reference as HTML, self-contained. No key needed.',
      ...open,
      responses: { '200': { description: 'HTML.', content: { 'text/html': { schema: str() } } } },
    },
  },
  '/': {
    get: {
      operationId: 'getWebApp',
      tags: ['Service'],
      summary: 'The web app',
      description:
        'Open an image, say what to change, see the plan, run it, compare before and after, undo. No key to load ' +
        'it; its requests go through /v1 with the key you enter.',
      ...open,
      responses: { '200': { description: 'HTML.', content: { 'text/html': { schema: str() } } } },
    },
  },
  '/app/font.woff2': {
    get: {
      operationId: 'getWebFont',
      tags: ['Service'],
      summary: 'The pages’ CJK font',
      description:
        'Noto Sans SC Regular cut to the 4,000 most frequent Chinese characters and the pages’ own words (WOFF2, ' +
        'about 600 KB), so the web app and /docs render Chinese without CJK system fonts. Made on first request.',
      ...open,
      responses: { '200': { description: 'The font.', content: { 'font/woff2': { schema: str() } } } },
    },
  },
  '/app/{file}': {
    get: {
      operationId: 'getWebAppFile',
      tags: ['Service'],
      summary: 'The web app’s scripts and styles',
      description:
        'The page’s ES modules (app.js, batch.js, …) and style.css: only the files it lists, nothing else.',
      ...open,
      parameters: [{ name: 'file', in: 'path', required: true, schema: str() }],
      responses: {
        '200': {
          description: 'The file.',
          content: { 'text/javascript': { schema: str() }, 'text/css': { schema: str() } },
        },
        ...errors(404),
      },
    },
  },
  '/app/client/{file}': {
    get: {
      operationId: 'getClientSdkFile',
      tags: ['Service'],
      summary: 'The client SDK, as ES modules',
      description: 'scalpel/client from the build, for the web app and any page that imports it.',
      ...open,
      parameters: [{ name: 'file', in: 'path', required: true, schema: str() }],
      responses: {
        '200': { description: 'The module.', content: { 'text/javascript': { schema: str() } } },
        ...errors(404),
      },
    },
  },
};
