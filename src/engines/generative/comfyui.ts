import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ScalpelError } from '../../errors.js';
import { bytesOf, retryableStatus, short, type GenerateRequest, type Provider } from './provider.js';
import { originOf } from '../../runtime/urls.js';
import { ProviderFailure } from './resilience.js';

/**
 * A self-hosted ComfyUI running Qwen-Image-Edit-2509, through ComfyUI's own HTTP API: POST
 * /upload/image (multipart), POST /prompt with an API-format workflow, poll GET /history/{id} until
 * the prompt has outputs, GET /view for the image. The shipped workflow is ComfyUI's native
 * Qwen-Image-Edit-2509 graph (comfyui-qwen-image-edit-2509.json); COMFYUI_WORKFLOW points at
 * another API-format export using the same placeholders: "{{image}}", "{{prompt}}", "{{seed}}".
 */

const load = createRequire(import.meta.url);
const base = () => originOf('COMFYUI_URL', process.env.COMFYUI_URL ?? '', true);
const POLL_MS = 500;

export const comfyui: Provider = {
  id: 'comfyui',
  enable: 'set COMFYUI_URL, e.g. http://127.0.0.1:8188 (COMFYUI_WORKFLOW for your own API-format workflow)',
  takesMask: false,
  configured: () => (process.env.COMFYUI_URL ?? '') !== '',
  endpoint: () => base(),
  model: () =>
    process.env.COMFYUI_WORKFLOW ? `workflow ${process.env.COMFYUI_WORKFLOW}` : 'Qwen-Image-Edit-2509',

  async probe(signal) {
    const res = await fetch(`${base()}/system_stats`, { signal });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  },

  async generate(req: GenerateRequest) {
    // A workflow that cannot be read is refused before anything is uploaded.
    const graph = workflow();
    const form = new FormData();
    form.set(
      'image',
      new Blob([new Uint8Array(req.image)], { type: 'image/png' }),
      `scalpel-${randomUUID()}.png`,
    );
    form.set('type', 'input');
    form.set('overwrite', 'true');
    const up = await json(
      await fetch(`${base()}/upload/image`, { method: 'POST', body: form, signal: req.signal }),
    );
    const name = up.subfolder ? `${String(up.subfolder)}/${String(up.name)}` : String(up.name);
    const seed = Math.floor(Math.random() * 2 ** 31);
    const prompt = fill(graph, { image: name, prompt: req.prompt, seed });
    const queued = await json(
      await fetch(`${base()}/prompt`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ prompt, client_id: 'scalpel' }),
        signal: req.signal,
      }),
    );
    const id = String(queued.prompt_id);
    try {
      return await follow(id, req.signal);
    } catch (err) {
      // Given up (timeout, cancel): the prompt must not keep the GPU busy for nobody.
      if (req.signal.aborted) void forget(id);
      throw err;
    }
  },
};

/** Polls the prompt's history until its image is there, the run failed, or it finished without one. */
async function follow(id: string, signal: AbortSignal) {
  for (;;) {
    const history = await json(await fetch(`${base()}/history/${encodeURIComponent(id)}`, { signal }));
    const entry = history[id] as
      | {
          outputs?: Record<string, { images?: Image[] }>;
          status?: { status_str?: string; completed?: boolean; messages?: unknown };
        }
      | undefined;
    if (entry?.status?.status_str === 'error') {
      throw new ProviderFailure(
        `The workflow failed: ${short(JSON.stringify(entry.status.messages ?? []))}`,
        { retryable: false, code: 'execution_error', requestId: id },
      );
    }
    const image = entry && Object.values(entry.outputs ?? {}).flatMap((o) => o.images ?? [])[0];
    if (entry && !image && entry.status?.completed) {
      throw new ProviderFailure('The workflow finished without an image: does it end in SaveImage?', {
        retryable: false,
        code: 'no_output',
        requestId: id,
      });
    }
    if (image) {
      const q = new URLSearchParams({
        filename: image.filename,
        subfolder: image.subfolder ?? '',
        type: image.type ?? 'output',
      });
      const res = await fetch(`${base()}/view?${q}`, { signal });
      if (!res.ok)
        throw new ProviderFailure(`GET /view failed: HTTP ${res.status}.`, {
          status: res.status,
          retryable: retryableStatus(res.status),
        });
      return { image: await bytesOf(res), model: comfyui.model(), requestId: id };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
    signal.throwIfAborted();
  }
}

/** Best effort: out of the queue if it waits there, interrupted if it runs (ComfyUI takes the prompt id). */
async function forget(id: string): Promise<void> {
  const post = (path: string, body: unknown) =>
    fetch(`${base()}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(3000),
    }).catch(() => undefined);
  await Promise.all([post('/queue', { delete: [id] }), post('/interrupt', { prompt_id: id })]);
}

interface Image {
  filename: string;
  subfolder?: string;
  type?: string;
}

function workflow(): Record<string, unknown> {
  const file = process.env.COMFYUI_WORKFLOW;
  if (!file) return load('./comfyui-qwen-image-edit-2509.json') as Record<string, unknown>;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `COMFYUI_WORKFLOW: '${file}' is not a readable JSON workflow.`,
      {
        stage: 'args',
        details: { setting: 'COMFYUI_WORKFLOW' },
        cause: err,
      },
    );
  }
}

/** The placeholders filled in a copy; "{{seed}}" becomes a number, as KSampler wants. */
function fill(node: unknown, values: { image: string; prompt: string; seed: number }): unknown {
  if (typeof node === 'string') {
    if (node === '{{seed}}') return values.seed;
    return node.replace('{{image}}', () => values.image).replace('{{prompt}}', () => values.prompt);
  }
  if (Array.isArray(node)) return node.map((n) => fill(n, values));
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, values)]));
  return node;
}

/** A JSON answer, or the failure ComfyUI's error body describes (400 on /prompt: error + node_errors). */
async function json(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  if (!res.ok) {
    const err = body.error as { message?: string; type?: string } | undefined;
    throw new ProviderFailure(err?.message ?? `HTTP ${res.status}: ${short(text)}`, {
      status: res.status,
      code: err?.type,
      retryable: retryableStatus(res.status),
    });
  }
  return body;
}
