/**
 * Every answer a test service gives, held to what /openapi.json says of its route: the status is one
 * the route documents, the content type is one documented for that status, and a JSON body parses
 * under the component schema named there (closed objects, for the native answers). Run under every service test, so the document's pairing of
 * routes, statuses and shapes is checked wherever the suites go, not only where a test asks.
 */
import * as zod from 'zod';
import { ZodType, type z } from 'zod';
import { openApiDocument, resolveRef, type OpenApiDocument } from '../src/service/http/openapi.js';
import type { Operation } from '../src/service/http/openapi.js';
import * as S from '../src/service/http/schemas/index.js';

/** The declarations by the component name the document gives them. */
export const DECLARED = new Map(
  (Object.values(S) as unknown[])
    .filter((v): v is z.ZodType => v instanceof ZodType)
    .map((v) => [String(zod.globalRegistry.get(v)?.id), v]),
);

interface Content {
  schema?: { $ref?: string; oneOf?: { $ref?: string }[] };
}

/** Documented paths as patterns, the most literal first (`/app/font.woff2` before `/app/{file}`). */
function patterns(doc: OpenApiDocument) {
  return Object.keys(doc.paths)
    .map((p) => ({
      path: p,
      params: (p.match(/\{/g) ?? []).length,
      re: new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}$`),
    }))
    .sort((a, b) => a.params - b.params);
}

/** The schema a documented JSON content names: one component, or one of several. */
function schemaOf(content: Content): z.ZodType | undefined {
  const names = (content.schema?.oneOf ?? [content.schema ?? {}]).map((s) => s.$ref?.split('/').pop());
  if (!names.every((n) => n && DECLARED.has(n))) return undefined;
  const schemas = names.map((n) => DECLARED.get(n as string) as z.ZodType);
  return schemas.length === 1 ? schemas[0] : zod.union(schemas as [z.ZodType, ...z.ZodType[]]);
}

/** What is wrong with one answer by the document, or undefined. Reads only a clone of the body. */
export async function checkAnswer(
  doc: OpenApiDocument,
  method: string,
  url: string,
  res: Response,
): Promise<string | undefined> {
  const { pathname } = new URL(url);
  const route = patterns(doc).find((p) => p.re.test(pathname));
  const op = route && (doc.paths[route.path] as Record<string, Operation | undefined>)[method.toLowerCase()];
  // Not a documented route: the app's 404, which openapi.test.ts holds to the routes served.
  if (!op) return undefined;
  const at = `${method} ${route.path} → ${res.status}`;
  const declared = op.responses[String(res.status)];
  if (!declared) return `${at}: status not documented (${Object.keys(op.responses).join(', ')})`;
  const content = resolveRef<{ content?: Record<string, Content> }>(doc, declared).content ?? {};
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
  if (!type) return Object.keys(content).length ? `${at}: no content type` : undefined;
  const entry = content[type] ?? content[`${type.split('/')[0]}/*`];
  if (!entry) return `${at}: ${type} not documented (${Object.keys(content).join(', ') || 'no body'})`;
  if (type !== 'application/json') return undefined;
  const schema = schemaOf(entry);
  if (!schema) return undefined;
  const body: unknown = await res.clone().json();
  const got = schema.safeParse(body);
  if (got.success) return undefined;
  const issue = got.error.issues[0];
  return `${at}: ${issue.path.join('.') || 'body'}: ${issue.message}`;
}

/** Wraps an app's fetch so each answer is checked; what is wrong collects in the list returned. */
export function checkAnswers(app: {
  fetch: (req: Request, ...rest: never[]) => Response | Promise<Response>;
}) {
  const doc = openApiDocument();
  const wrong: string[] = [];
  const fetch = app.fetch.bind(app);
  app.fetch = async (req: Request, ...rest: never[]) => {
    const res = await fetch(req, ...rest);
    const problem = await checkAnswer(doc, req.method, req.url, res).catch((e: Error) => e.message);
    if (problem) wrong.push(problem);
    return res;
  };
  return wrong;
}
