import { compatErrors, errors } from './openapi-errors.js';
import { AUTH, curl, json, p, type Operation, type PathItem } from './openapi-paths.js';
import { ref, str } from './openapi-schemas.js';

const STATUSES = [400, 409, 413, 415, 422, 429, 500, 502, 503, 504];
const SHAPES = {
  DashScopeError: '`{request_id, code, message}`, as DashScope answers',
  OpenAIError: '`{error: {message, type, param, code}}`, as OpenAI answers',
};
function compat(shape: keyof typeof SHAPES, op: Omit<Operation, 'tags' | 'parameters'>): PathItem {
  const errorsAre =
    `Errors come as ${SHAPES[shape]}, with the same codes and statuses as the native API; so do ` +
    'refusals before the route runs (no key, the rate limit, an oversized body).';
  return {
    post: {
      ...op,
      tags: ['Compatibility'],
      description: `${String(op.description)} Synchronous: the answer comes once the edit is done.\n\n${errorsAre}`,
      parameters: [p('IdempotencyKey')],
      responses: { ...op.responses, ...compatErrors(shape, 401, ...STATUSES) },
    },
  };
}
const jsonBody = (name: string) => ({
  required: true,
  content: { 'application/json': { schema: ref(name) } },
});

/** Drop-in endpoints: point an existing DashScope or OpenAI client's base URL at Scalpel. */
export const compatPaths: Record<string, PathItem> = {
  '/api/v1/services/aigc/image-editing': compat('DashScopeError', {
    operationId: 'dashscopeImageEditing',
    summary: 'Image editing (the article’s API)',
    description:
      'The request of the widely copied Python snippet: a base64 image and an instruction; the answer ' +
      'has the result at `output.edited_image`.',
    requestBody: jsonBody('ImageEditingRequest'),
    responses: { '200': json(ref('ImageEditingResponse'), 'The edited image (or an answer).') },
    ...curl(
      'curl -sS "$SCALPEL_URL/api/v1/services/aigc/image-editing"',
      AUTH,
      '-H "Content-Type: application/json"',
      `-d '{"input": {"image": "'"$(base64 < poster.png | tr -d '\\n')"'", "instruction": "把“¥199”改成“¥169”"}}'`,
    ),
  }),
  '/api/v1/services/aigc/multimodal-generation/generation': compat('DashScopeError', {
    operationId: 'dashscopeMultimodalGeneration',
    summary: 'DashScope qwen-image-edit',
    description:
      'The qwen-image-edit call: `input.messages[0].content` is `[{image}, …, {text}]`; the result is ' +
      'at `output.choices[0].message.content[0].image`. The first image is edited, a second is the asset.',
    requestBody: jsonBody('MultimodalRequest'),
    responses: { '200': json(ref('MultimodalResponse'), 'The edited image as a signed URL (or an answer).') },
    ...curl(
      'curl -sS "$SCALPEL_URL/api/v1/services/aigc/multimodal-generation/generation"',
      AUTH,
      '-H "Content-Type: application/json"',
      `-d '{"model": "qwen-image-edit", "input": {"messages": [{"role": "user", "content": ` +
        `[{"image": "data:image/png;base64,'"$(base64 < poster.png | tr -d '\\n')"'"}, {"text": "把“¥199”改成“¥169”"}]}]}}'`,
    ),
  }),
  '/api/v1/uploads': {
    get: {
      operationId: 'dashscopeUploadPolicy',
      tags: ['Compatibility'],
      summary: 'DashScope SDK: an upload policy for a local file',
      description:
        'What the official DashScope SDK asks before it sends a local file (`file://…`): a grant to post one ' +
        'file, as an OSS-style form, to `upload_host` (this service’s `/oss-upload`), under `upload_dir`, within ' +
        '`expire_in_seconds` (300). The call then names the file `oss://<key>` with the header ' +
        '`X-DashScope-OssResourceResolve: enable`; only the key that asked can use it, for a day. The grant is an ' +
        'HMAC-signed policy of this service’s, not an Alibaba Cloud credential.',
      parameters: [
        { name: 'action', in: 'query', required: true, schema: { const: 'getPolicy' } },
        { name: 'model', in: 'query', required: true, schema: str('The model the file is for.') },
      ],
      responses: {
        '200': json(ref('UploadGrant'), 'The grant, under `data` as the SDK reads it.'),
        ...compatErrors('DashScopeError', 400, 401, 429, 500),
      },
      ...curl('curl -sS "$SCALPEL_URL/api/v1/uploads?action=getPolicy&model=qwen-image-edit"', AUTH),
    },
  },
  '/oss-upload': {
    post: {
      operationId: 'dashscopeUploadFile',
      tags: ['Compatibility'],
      summary: 'DashScope SDK: the file upload (OSS form)',
      description:
        'The OSS-style form the DashScope SDK posts with a grant from GET /api/v1/uploads: `OSSAccessKeyId`, ' +
        '`Signature`, `policy`, `key` (under the grant’s `upload_dir`), `x-oss-object-acl`, `x-oss-forbid-overwrite`, ' +
        '`success_action_status`, `x-oss-content-type`, then `file`. No API key: the signed grant is the proof. ' +
        'An expired or altered grant is 401; a key already used is 409.',
      security: [],
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: ref('OssUploadForm'),
          },
        },
      },
      responses: {
        '200': { description: 'Stored: the call may now name it oss://<key>.' },
        ...errors(400, 401, 409, 413, 415),
      },
    },
  },
  '/v1/images/edits': compat('OpenAIError', {
    operationId: 'openaiImageEdit',
    summary: 'OpenAI images.edit',
    description: 'What the OpenAI SDKs send for `images.edit`: a multipart image, prompt and optional mask.',
    requestBody: {
      required: true,
      content: { 'multipart/form-data': { schema: ref('OpenAIImageEditForm') } },
    },
    responses: { '200': json(ref('OpenAIImagesResponse'), 'The edited image.') },
    ...curl(
      'curl -sS "$SCALPEL_URL/v1/images/edits"',
      AUTH,
      '-F image=@poster.png',
      `-F "prompt=把'¥199'改成'¥169'"`,
      '-F response_format=url',
    ),
  }),
};
