import * as z from 'zod';
import { ScalpelError } from '../../../index.js';
import type { Schema } from '../openapi-schemas.js';
import * as common from './common.js';
import * as compat from './compat.js';
import * as exports from './exports.js';
import * as jobs from './jobs.js';
import * as sessions from './sessions.js';

export * from './common.js';
export * from './compat.js';
export * from './exports.js';
export * from './jobs.js';
export * from './sessions.js';

/** What clients send: documented as input (optional fields, no closed objects: extra ones are ignored). */
const REQUESTS = [
  common.ImageInput,
  jobs.EditJson,
  jobs.EditForm,
  jobs.PlanRequest,
  sessions.ImageJson,
  sessions.ImageForm,
  sessions.BatchJson,
  sessions.BatchForm,
  sessions.FollowUp,
  exports.ExportRequest,
  exports.ExportForm,
  exports.PublishRequest,
  compat.ImageEditingRequest,
  compat.MultimodalRequest,
  compat.OpenAIImageEditForm,
  compat.OssUploadForm,
];

/** What the server answers. */
const RESPONSES = [
  common.ImageView,
  common.EditPlan,
  common.QueryAnswer,
  common.EditReport,
  common.ErrorCodeSchema,
  common.ErrorObject,
  common.ErrorEnvelope,
  common.DashScopeError,
  common.OpenAIError,
  jobs.JobStatus,
  jobs.Job,
  jobs.JobList,
  jobs.JobEvent,
  jobs.Batch,
  jobs.Health,
  jobs.EngineList,
  jobs.PlanAnswer,
  sessions.SessionVersion,
  sessions.Session,
  sessions.SessionMove,
  exports.Export,
  exports.ExportPreset,
  exports.ExportPresetList,
  exports.PublishTargetList,
  exports.Publication,
  compat.ImageEditingResponse,
  compat.MultimodalResponse,
  compat.OpenAIImagesResponse,
  compat.UploadGrant,
];

const idOf = (s: z.ZodType) => String(z.globalRegistry.get(s)?.id);

/** JSON Schema for one side, with `$ref`s between components and without generator noise. */
function generate(list: z.ZodType[], io: 'input' | 'output'): Record<string, Schema> {
  const registry = z.registry<{ id: string }>();
  for (const s of list) registry.add(s, { id: idOf(s) });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, clean(s) as Schema]));
}

/**
 * Drops `$schema`/`$id`, the ±2^53 bounds of every integer and `propertyNames: string` of records,
 * and lifts a nullable value's description out of its `anyOf`, where readers and /docs look for it.
 */
function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema' || k === '$id') continue;
    if ((k === 'minimum' || k === 'maximum') && Math.abs(v as number) === Number.MAX_SAFE_INTEGER) continue;
    if (k === 'propertyNames' && (v as { type?: string }).type === 'string') continue;
    out[k] = clean(v);
  }
  const alts = out.anyOf as Record<string, unknown>[] | undefined;
  const described = alts?.find((a) => a.type !== 'null' && typeof a.description === 'string');
  if (described && out.description === undefined && alts?.some((a) => a.type === 'null')) {
    const { description, ...rest } = described;
    out.anyOf = alts.map((a) => (a === described ? rest : a));
    out.description = description;
  }
  return out;
}

/** Every component schema of /openapi.json, generated from the declarations above. */
export function componentSchemas(): Record<string, Schema> {
  // Resources first: the order /docs lists them in.
  return { ...generate(RESPONSES, 'output'), ...generate(REQUESTS, 'input') };
}

/** Text that is itself the request: empty, it is refused as such (EMPTY_INSTRUCTION), not dropped. */
const KEEP_EMPTY = new Set(['instruction', 'instructions', 'prompt']);

/**
 * A request's fields checked against its declaration: the typed fields, or INVALID_ARGUMENT naming
 * the first field at fault (and the valid values, for a choice). An empty field is an absent one (a
 * form's blank input), and so is null (clients that write every unset field as null), except the
 * instruction.
 */
export function parseFields<S extends z.ZodType>(schema: S, fields: Record<string, unknown>): z.output<S> {
  const given = Object.fromEntries(
    Object.entries(fields).filter(([k, v]) => (v !== '' && v !== null) || KEEP_EMPTY.has(k)),
  );
  const got = schema.safeParse(given);
  if (got.success) return got.data;
  let issue = got.error.issues[0] as z.core.$ZodIssue;
  let path = issue.path;
  // One of several shapes (a list or a comma-separated text, say): the specific complaint of the
  // shape it came closest to, a wrong choice before a wrong type.
  if (issue.code === 'invalid_union') {
    const inner = issue.errors.flat();
    const best =
      inner.find((i) => i.code === 'invalid_value') ??
      inner.find((i) => i.path.length > 0) ??
      // The shape whose type matched (a list, but too long).
      inner.find((i) => i.code !== 'invalid_type');
    if (best) {
      path = [...issue.path, ...best.path];
      issue = best;
    }
  }
  const field = path.map(String).join('.') || 'body';
  const missing = path.length === 1 && !(String(path[0]) in given);
  const declared = fieldOf(schema, String(path[0]));
  // A field left out that is a choice is answered with the choices, as a wrong one is.
  const choices = missing && declared ? choicesOf(declared) : [];
  const valid =
    issue.code === 'invalid_value' ? issue.values.map(String) : choices.length ? choices : undefined;
  // What the declaration says of the field: its description is the most useful hint there is.
  const hint = declared && (z.globalRegistry.get(declared)?.description ?? declared.description);
  const tail = hint ? `: ${hint}` : '.';
  const bound =
    issue.code === 'too_big'
      ? { max: Number(issue.maximum) }
      : issue.code === 'too_small'
        ? { min: Number(issue.minimum) }
        : {};
  const message = missing
    ? `'${field}' is required${valid ? ` (one of ${valid.join(', ')})` : ''}${tail}`
    : valid
      ? `'${field}' must be one of ${valid.join(', ')}.`
      : issue.code === 'invalid_type'
        ? `'${field}' must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}${tail}`
        : `'${field}' is not valid (${issue.message.toLowerCase()})${tail}`;
  throw new ScalpelError('INVALID_ARGUMENT', message, {
    stage: 'request',
    details: { field, ...(valid ? { valid } : {}), ...bound },
  });
}

/** A top-level field's declaration. */
function fieldOf(schema: z.ZodType, key: string): z.ZodType | undefined {
  return (schema as unknown as { shape?: Record<string, z.ZodType> }).shape?.[key];
}

/** The values a field chooses among: an enum, a list of one, or a union holding either. */
function choicesOf(s: z.ZodType): string[] {
  if (s instanceof z.ZodEnum) return s.options.map(String);
  if (s instanceof z.ZodArray) return choicesOf(s.element as z.ZodType);
  if (s instanceof z.ZodUnion) return (s.options as z.ZodType[]).flatMap(choicesOf);
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) return choicesOf(s.unwrap() as z.ZodType);
  return [];
}
