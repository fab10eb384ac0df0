import { EXPORT_PRESETS } from '../runtime/export.js';
import { AUTH, body, curl, json, type PathItem } from './openapi-paths.js';
import { errors } from './openapi-errors.js';
import { arr, file, formats, int, loose, obj, ref, str, type Schema } from './openapi-schemas.js';

const presetIds = Object.keys(EXPORT_PRESETS);

export const exportSchemas: Record<string, Schema> = {
  ExportRequest: obj(
    {
      presets: arr(
        str(undefined, { enum: presetIds }),
        'One or more platform presets (or a comma-separated string).',
      ),
      image: {
        ...ref('ImageInput'),
        description: 'The image; or name a `job` (its result) or a `session` (its current version).',
      },
      job: str('A finished job whose result is exported.'),
      session: str('A session whose current version is exported.'),
      format: formats,
    },
    ['presets'],
  ),
  ExportForm: obj(
    { image: file('PNG, JPEG or WebP.'), presets: arr(str(), 'Repeat the field, or separate with commas.') },
    ['presets'],
  ),
  Export: obj(
    {
      object: { const: 'export' },
      source: loose('What was exported: `{image}`, `{job}` or `{session, version}`.'),
      exports: arr(
        obj({
          preset: str(),
          image: ref('ImageView'),
          report: loose(
            'width, height, format, `crop` (the input pixels kept), `subject` (its box, or null), `subject_kept` (0–1), `upscale`, `global: true`, warnings.',
          ),
        }),
      ),
    },
    ['object', 'exports'],
  ),
  ExportPreset: obj({ id: str(), width: int(), height: int(), use: str() }),
};

export const exportPaths: Record<string, PathItem> = {
  '/v1/exports/presets': {
    get: {
      operationId: 'listExportPresets',
      tags: ['Exports'],
      summary: 'List the platform presets',
      description: 'Each preset’s id, size and the platforms it is for.',
      responses: {
        '200': json(obj({ object: { const: 'list' }, data: arr(ref('ExportPreset')) }), 'The presets.'),
        ...errors(401, 429, 500),
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
        ...errors(400, 401, 404, 409, 413, 415, 429, 500, 504),
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
