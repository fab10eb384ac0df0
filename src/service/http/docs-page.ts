import { resolveRef, type OpenApiDocument, type Operation } from './openapi.js';
import type { Schema } from './openapi-schemas.js';
import { DOCS_CSS } from './docs-style.js';
import { SUPPORTED_EXAMPLES } from '../../index.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** The little Markdown the document uses: paragraphs, `code` and **bold**. */
const md = (text: unknown) =>
  String(text ?? '')
    .split(/\n\n+/)
    .filter((para) => para.trim() !== '')
    .map((para) => `<p>${inline(para)}</p>`)
    .join('');
const inline = (text: string) =>
  esc(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
const table = (head: string[], rows: string[][]) =>
  rows.length === 0
    ? ''
    : `<div class="scroll"><table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>` +
      `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;

/** A schema as a short type: `Job`, `array of string`, `ImageView | null`, `file`, `{url, base64}`. */
function typeOf(s: Schema | undefined): string {
  if (!s) return '';
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop() as string;
    return `<a href="#schema-${name}">${name}</a>`;
  }
  const alts = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alts) return alts.map(typeOf).join(' | ');
  if (s.const !== undefined) return `<code>${esc(JSON.stringify(s.const))}</code>`;
  if (s.contentMediaType) return 'file';
  if (Array.isArray(s.type)) return s.type.join(' | ');
  if (s.type === 'array') return `array of ${typeOf(s.items as Schema)}`;
  if (s.properties) return `{${Object.keys(s.properties).join(', ')}}`;
  return esc(s.type ?? 'any');
}
/** The choices of a value, also of a nullable one (its `anyOf` with null). */
const choices = (s: Schema): unknown[] | undefined =>
  Array.isArray(s.enum)
    ? s.enum
    : ((s.anyOf as Schema[] | undefined)?.find((a) => Array.isArray(a.enum))?.enum as unknown[] | undefined);
const describe = (s: Schema) => {
  const list = choices(s);
  const values = list ? ` One of ${list.map((v) => `\`${String(v)}\``).join(', ')}.` : '';
  return inline(`${String(s.description ?? '')}${values}`.trim());
};

/** The object a property holds inline (directly, nullable, or as array items), to list its fields too. */
function nested(p: Schema): { schema: Schema; suffix: string } | undefined {
  if (p.properties) return { schema: p, suffix: '' };
  const plain = ((p.anyOf ?? []) as Schema[]).filter((a) => a.type !== 'null');
  if (plain.length === 1 && plain[0].properties) return { schema: plain[0], suffix: '' };
  const items = p.items as Schema | undefined;
  if (p.type === 'array' && items?.properties) return { schema: items, suffix: '[]' };
  return undefined;
}

/** Field rows, with inline objects flattened as `output.choices[].message`. */
function rows(s: Schema, prefix = ''): string[][] {
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries((s.properties ?? {}) as Record<string, Schema>).flatMap(([name, p]) => {
    const req = required.has(name) ? ' <span class="req">required</span>' : '';
    const inner = nested(p);
    return [
      [`<code>${esc(prefix + name)}</code>${req}`, typeOf(p), describe(p)],
      ...(inner ? rows(inner.schema, `${prefix}${name}${inner.suffix}.`) : []),
    ];
  });
}
const fields = (doc: OpenApiDocument, schema: Schema) =>
  table(['Field', 'Type', 'Description'], rows(resolveRef(doc, schema)));

function operation(doc: OpenApiDocument, path: string, method: string, op: Operation): string {
  const params = ((op.parameters ?? []) as Schema[]).map((p) => resolveRef(doc, p));
  const body = op.requestBody as { content: Record<string, { schema: Schema }> } | undefined;
  const open = Array.isArray(op.security) && op.security.length === 0;
  const samples = (op['x-codeSamples'] ?? []) as { source: string }[];
  const responses = Object.entries(op.responses).map(([status, r]) => {
    const res = resolveRef<{ description: string; content?: Record<string, { schema: Schema }> }>(doc, r);
    const types = Object.entries(res.content ?? {}).map(
      ([t, c]) => `${typeOf(c.schema)} <span class="ctype">${esc(t)}</span>`,
    );
    return [
      `<span class="status s${status[0]}">${status}</span>`,
      inline(res.description),
      types.join('<br>'),
    ];
  });
  return `<section class="op" id="${op.operationId}">
<h3>${esc(op.summary)}${open ? ' <span class="open">no key</span>' : ''}</h3>
<p class="route"><span class="method ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></p>
${md(op.description)}
${params.length ? `<h4>Parameters</h4>` : ''}${table(
    ['Name', 'In', 'Description'],
    params.map((p) => [`<code>${esc(p.name)}</code>`, esc(p.in), describe(p)]),
  )}
${Object.entries(body?.content ?? {})
  .map(([type, c]) => `<h4>Body <span class="ctype">${esc(type)}</span></h4>${fields(doc, c.schema)}`)
  .join('')}
<h4>Responses</h4>${table(['Status', 'Meaning', 'Body'], responses)}
${samples.length ? '<h4>Example</h4>' : ''}${samples.map((s) => `<pre><code>${esc(s.source)}</code></pre>`).join('')}
</section>`;
}

function schemaSection(doc: OpenApiDocument, name: string, s: Schema): string {
  const body = s.properties
    ? fields(doc, s)
    : s['x-error-codes']
      ? '<p>One of the codes in the <a href="#errors">error table</a>.</p>'
      : `<p>${typeOf(s)}. ${describe(s)}</p>`;
  const about = s.properties ? md(s.description) : '';
  return `<section class="schema" id="schema-${name}"><h3>${name}</h3>${about}${body}</section>`;
}

function errorTable(doc: OpenApiDocument): string {
  const codes = doc.components.schemas.ErrorCode['x-error-codes'] as {
    code: string;
    status: number;
    meaning: string;
  }[];
  return table(
    ['Code', 'Status', 'Meaning'],
    codes.map((c) => [`<code>${c.code}</code>`, String(c.status), inline(c.meaning)]),
  );
}

/** The quick start: set two variables once, then every curl example below runs as it is. */
const quickStart = (origin: string) => `export SCALPEL_URL=${origin}
export SCALPEL_KEY=sk-scalpel-…   # any value in single-user mode

# Submit and wait up to 30 s: the answer is the job (200 when done, 202 while it still runs)
curl -sS "$SCALPEL_URL/v1/edits?wait=30" -H "Authorization: Bearer $SCALPEL_KEY" \\
  -F image=@poster.png -F "instruction=把'¥199'改成'¥169'，字体颜色变红"

# Poll it by the "id" of that answer, then download the result
JOB=job_…
curl -sS "$SCALPEL_URL/v1/jobs/$JOB?wait=30" -H "Authorization: Bearer $SCALPEL_KEY"
curl -sS -o result.png "$SCALPEL_URL/v1/jobs/$JOB/result" -H "Authorization: Bearer $SCALPEL_KEY"`;

/** The reference page: everything from the OpenAPI document, no script, no external resource. */
export function docsPage(doc: OpenApiDocument, origin: string): string {
  const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((m) => (item[m] ? [{ path, method: m, op: item[m] as Operation }] : [])),
  );
  const byTag = doc.tags.map((t) => ({
    ...t,
    ops: ops.filter((o) => (o.op.tags as string[])[0] === t.name),
  }));
  const toc = byTag
    .map(
      (t) =>
        `<li><a href="#tag-${t.name}">${esc(t.name)}</a><ul>${t.ops
          .map(
            (o) =>
              `<li><a href="#${o.op.operationId}" title="${esc(o.path)}"><span class="method ${o.method}">${o.method.toUpperCase()}</span> ${esc(o.path)}</a></li>`,
          )
          .join('')}</ul></li>`,
    )
    .join('');
  const schemas = Object.entries(doc.components.schemas)
    .map(([name, s]) => schemaSection(doc, name, s))
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} API reference</title>
<style>${DOCS_CSS}</style></head>
<body><div class="page">
<nav class="toc" aria-label="Contents"><p class="brand"><a href="#top">${esc(doc.info.title)}</a> <span>API ${esc(doc.info.version)}</span></p>
<ul><li><a href="#intro">Introduction</a></li><li><a href="#instructions">Instructions</a></li>${toc}
<li><a href="#schemas">Schemas</a></li><li><a href="#errors">Errors</a></li></ul></nav>
<main id="top">
<section id="intro"><h1>${esc(doc.info.title)} API</h1>${md(doc.info.description)}
<h2 class="sub">Quick start</h2><pre><code>${esc(quickStart(origin))}</code></pre>
<p>The machine-readable description is at <a href="/openapi.json"><code>/openapi.json</code></a>.</p></section>
<section id="instructions"><h2>Instructions</h2>
<p class="lede">What Scalpel understands, in Chinese or English; several in one sentence run in order. <code>POST /v1/plan</code> shows what any sentence would do before it runs.</p>
<ul class="examples">${SUPPORTED_EXAMPLES.map((e) => `<li><code>${esc(e)}</code></li>`).join('')}</ul></section>
${byTag
  .map(
    (t) =>
      `<section id="tag-${t.name}"><h2>${esc(t.name)}</h2><p class="lede">${inline(t.description)}</p>` +
      `${t.ops.map((o) => operation(doc, o.path, o.method, o.op)).join('')}</section>`,
  )
  .join('')}
<section id="schemas"><h2>Schemas</h2>${schemas}</section>
<section id="errors"><h2>Errors</h2>
${md('Every error is `{"error": {"code", "message", "stage", "details"}}` with the status below (the DashScope and OpenAI routes use their own shapes, with the same codes). Switch on `code`; show `message` to people; `details` has the specifics.')}
${errorTable(doc)}</section>
</main></div></body></html>`;
}
