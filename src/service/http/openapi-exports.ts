import { AUTH, body, curl, json, type PathItem } from './openapi-paths.js';
import { errors } from './openapi-errors.js';
import { ref, str } from './openapi-schemas.js';

export const exportPaths: Record<string, PathItem> = {
  '/v1/publish/targets': {
    get: {
      operationId: 'listPublishTargets',
      tags: ['Exports'],
      summary: 'List the publishing targets',
      description:
        'The targets the operator configured (SCALPEL_PUBLISH_TARGETS): names and kinds only, never a URL, a path or a key.',
      responses: {
        '200': json(ref('PublishTargetList'), 'The targets.'),
      },
    },
  },
  '/v1/publish': {
    post: {
      operationId: 'publish',
      tags: ['Exports'],
      summary: 'Publish to platforms (一键发布)',
      description:
        'A job’s result, a session’s version or every finished variant of a batch, exported to the ' +
        'presets (or as it is), sent to each named target: a folder (written whole, under the ' +
        'publication’s id), a webhook (JSON with the file’s name, size, SHA-256 and a signed URL; ' +
        '`X-Scalpel-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, ' +
        '`X-Scalpel-Delivery` the same on every retry), or an S3-compatible bucket (PUT signed with ' +
        'SigV4). Answers at once (202); each file × target is a delivery, retried with doubling waits ' +
        'while a failure may pass (no answer, 5xx, 429), given up at once on a 4xx. Follow it at ' +
        '`GET /v1/publications/{id}`. At most 200 files per publication.',
      requestBody: body(ref('PublishRequest')),
      responses: {
        '202': json(ref('Publication'), 'Accepted: deliveries are under way.'),
        ...errors(400, 404, 409, 413, 415, 422, 504),
      },
      ...curl(
        'curl -sS "$SCALPEL_URL/v1/publish"',
        AUTH,
        '-H "Content-Type: application/json"',
        `-d '{"job": "job_…", "presets": ["square-800", "portrait-3x4"], "targets": ["cms", "oss"]}'`,
      ),
    },
  },
  '/v1/publications/{id}': {
    get: {
      operationId: 'getPublication',
      tags: ['Exports'],
      summary: 'Get a publication and its delivery log',
      description: 'Each delivery’s status, attempts, the receiver’s last answer and where the file landed.',
      parameters: [{ name: 'id', in: 'path', required: true, schema: str() }],
      responses: { '200': json(ref('Publication'), 'The publication.'), ...errors(404) },
    },
  },
  '/v1/exports/presets': {
    get: {
      operationId: 'listExportPresets',
      tags: ['Exports'],
      summary: 'List the platform presets',
      description: 'Each preset’s id, size and the platforms it is for.',
      responses: {
        '200': json(ref('ExportPresetList'), 'The presets.'),
      },
    },
  },
  '/v1/exports': {
    post: {
      operationId: 'exportImage',
      tags: ['Exports'],
      summary: 'Export to platform sizes',
      description:
        'The image at each preset’s size and shape: the largest window of that shape, centred on the ' +
        'salient subject (ISNet) and kept inside the image (a subject taller than the frame keeps its ' +
        'top), then resized with Lanczos. Each report says what was kept and warns when the subject ' +
        'was cut or the image enlarged. A resampled whole image: `global: true`. Runs in the locator ' +
        'process beside the edit workers, one at a time (429 `QUEUE_FULL` when four already wait).',
      requestBody: body(ref('ExportRequest'), ref('ExportForm')),
      responses: {
        '200': json(ref('Export'), 'The exported images (signed URLs) and their reports.'),
        ...errors(400, 404, 409, 413, 415, 422, 504),
      },
      ...curl(
        'curl -sS "$SCALPEL_URL/v1/exports"',
        AUTH,
        '-H "Content-Type: application/json"',
        `-d '{"job": "job_…", "presets": ["square-800", "story-9x16"]}'`,
      ),
    },
  },
};
