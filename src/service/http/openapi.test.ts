/**
 * The OpenAPI document against the app itself: well-formed, and describing exactly the routes
 * createApp() registers, so a route added without docs (or docs left for a removed route) fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../../test/service.js';
import { ERROR_CODES } from '../../index.js';
import { openApiDocument, resolveRef, type OpenApiDocument, type Operation } from './openapi.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

let t: TestService;
let doc: OpenApiDocument;

beforeAll(async () => {
  t = await startTestService();
  doc = openApiDocument(t.svc.config);
});
afterAll(() => t.close());

function operations(d: OpenApiDocument): { key: string; path: string; op: Operation }[] {
  return Object.entries(d.paths).flatMap(([path, item]) =>
    METHODS.flatMap((m) => {
      const op = item[m];
      return op ? [{ key: `${m.toUpperCase()} ${path}`, path, op }] : [];
    }),
  );
}

/** Every `$ref` anywhere in the document, with where it was found. */
function refs(node: unknown, at = '#', out: { at: string; ref: string }[] = []) {
  if (Array.isArray(node)) node.forEach((n, i) => refs(n, `${at}/${i}`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push({ at, ref: v });
      else refs(v, `${at}/${k}`, out);
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  it('is well-formed OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Scalpel');
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(50);
    const unresolved = all.filter(({ ref }) => {
      if (!ref.startsWith('#/')) return true;
      try {
        resolveRef(doc, { $ref: ref });
        return false;
      } catch {
        return true;
      }
    });
    expect(unresolved).toEqual([]);
    // Survives JSON: what GET /openapi.json serves is the same document.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('gives every operation a unique operationId, a summary, responses and its path parameters', () => {
    const ops = operations(doc);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { key, path, op } of ops) {
      expect(op.summary, key).toBeTruthy();
      expect(op.tags?.length, key).toBeGreaterThan(0);
      expect(
        doc.tags.map((tag) => tag.name),
        key,
      ).toContain(op.tags?.[0]);
      const statuses = Object.keys(op.responses);
      expect(
        statuses.some((s) => s.startsWith('2')),
        key,
      ).toBe(true);
      expect(
        statuses.every((s) => /^[1-5]\d\d$/.test(s)),
        key,
      ).toBe(true);
      const params = (op.parameters ?? []).map((p) => resolveRef<{ name: string; in: string }>(doc, p));
      const inPath = params.filter((p) => p.in === 'path').map((p) => p.name);
      expect(inPath.sort(), key).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
    }
  });

  it('takes the error codes and their statuses from ERROR_CODES', () => {
    const schema = doc.components.schemas.ErrorCode;
    expect(schema.enum).toEqual(Object.keys(ERROR_CODES));
    const table = schema['x-error-codes'] as {
      code: keyof typeof ERROR_CODES;
      status: number;
      meaning: string;
    }[];
    for (const row of table) {
      expect(row.status).toBe(ERROR_CODES[row.code].status);
      expect(row.meaning.length).toBeGreaterThan(10);
    }
    const statuses = new Set(Object.values(ERROR_CODES).map((c) => c.status));
    expect(Object.keys(doc.components.responses)).toHaveLength(statuses.size);
    const rate = resolveRef<{ headers: Record<string, unknown> }>(
      doc,
      operations(doc)[0].op.responses['429'],
    );
    expect(Object.keys(rate.headers)).toContain('Retry-After');
  });

  it('documents exactly the routes the app serves', () => {
    const served = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`),
    );
    const documented = new Set(operations(doc).map((o) => o.key));
    expect([...served].filter((k) => !documented.has(k)).sort(), 'served but not documented').toEqual([]);
    expect([...documented].filter((k) => !served.has(k)).sort(), 'documented but not served').toEqual([]);
  });

  it('gives every route the errors any route can meet, a compatible one in its own shape', () => {
    for (const { key, op } of operations(doc)) {
      const open = Array.isArray(op.security) && op.security.length === 0;
      for (const s of [...(open ? [] : ['401', '429']), '500', '503'])
        expect(op.responses, key).toHaveProperty(s);
      const shapes = new Set(
        Object.entries(op.responses)
          .filter(([s]) => Number(s) >= 400)
          .map(([, r]) => {
            const answer = resolveRef<{ content?: Record<string, { schema?: { $ref?: string } }> }>(doc, r);
            return String(answer.content?.['application/json']?.schema?.$ref).split('/').pop();
          }),
      );
      // One error shape per route: the native envelope, or the protocol's own.
      expect(shapes.size, key).toBe(1);
    }
  });

  it('marks exactly the routes outside the key check as open', () => {
    const open = operations(doc)
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map((o) => o.path)
      .sort();
    expect(open).toEqual([
      '/',
      '/app/client/{file}',
      '/app/font.woff2',
      '/app/{file}',
      '/docs',
      '/healthz',
      '/openapi.json',
      '/oss-upload',
      '/v1/files/{id}',
    ]);
  });
});

describe('GET /openapi.json and GET /docs', () => {
  it('answer without a key even when keys are enforced', async () => {
    await t.svc.keys.create({ name: 'x' });
    expect((await t.req('/v1/jobs')).status).toBe(401);

    const spec = await t.req('/openapi.json');
    expect(spec.status).toBe(200);
    expect(((await spec.json()) as OpenApiDocument).paths).toEqual(JSON.parse(JSON.stringify(doc.paths)));

    const page = await t.req('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    for (const path of Object.keys(doc.paths)) expect(html, path).toContain(`<code>${path}</code>`);
    for (const code of Object.keys(ERROR_CODES)) expect(html, code).toContain(code);
    // Self-contained: the machine it is read on may be offline.
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
    // Every link inside the page lands somewhere.
    const ids = new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
    const broken = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).filter((id) => !ids.has(id));
    expect(broken).toEqual([]);
    // The quick start names this server.
    expect(html).toContain('export SCALPEL_URL=http://scalpel.test');
  });
});
