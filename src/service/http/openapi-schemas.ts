/**
 * A JSON Schema (2020-12, as OpenAPI 3.1 uses it), kept loose: the document is plain data. The
 * component schemas are generated from the zod declarations in schemas/; these helpers are for what
 * the paths say inline (parameters, headers, a file body).
 */
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
export const file = (description?: string) =>
  str(description, { contentMediaType: 'application/octet-stream' });
