import { Http, type ClientOptions } from './http.js';
import { imageField } from './images.js';
import { parseSse } from './sse.js';
import {
  FINAL,
  type EditInput,
  type ImageInput,
  type ImageRef,
  type Job,
  type JobEvent,
  type ExportInput,
  type ExportResult,
  type PlanAnswer,
  type Publication,
  type PublishInput,
  type PlanContext,
} from './types.js';

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** A fresh idempotency key: with it a retried submission runs once. */
export const newKey = () => `cli-${globalThis.crypto.randomUUID()}`;

/**
 * Scalpel's client: typed, fetch-based, for browsers, Node and React Native.
 *
 *   const scalpel = new ScalpelClient({ baseUrl, apiKey });
 *   const job = await scalpel.edit({ image: file, instruction: "把'¥199'改成'¥169'" });
 *   for await (const ev of scalpel.events(job.id)) if (ev.type === 'preview') show(ev.data);
 *   const done = await scalpel.wait(job.id);
 *   const png = await scalpel.result(job.id);
 */
export class ScalpelClient {
  private readonly http: Http;
  constructor(opts: ClientOptions) {
    this.http = new Http(opts);
  }

  /**
   * What an instruction would do: the plan, each step in words and its engine; no job. With an
   * `image` or a `session` (and optionally the mask as an image), also `where` each step would act.
   */
  async plan(instruction: string, ctx: PlanContext = {}): Promise<PlanAnswer> {
    const { mask, image, ...rest } = ctx;
    const maskImage = mask !== undefined && typeof mask !== 'boolean' ? await imageField(mask) : undefined;
    return this.http.json<PlanAnswer>(
      '/v1/plan',
      json({
        instruction,
        ...rest,
        ...(mask !== undefined ? { mask: mask !== false } : {}),
        ...(maskImage ? { mask_image: maskImage } : {}),
        ...(image !== undefined ? { image: await imageField(image) } : {}),
      }),
    );
  }

  /** Submits an edit; answers at once with the job (queued, or done from the cache). Retries are safe. */
  async edit(input: EditInput): Promise<Job> {
    const key = input.idempotencyKey ?? newKey();
    const body = {
      image: await imageField(input.image),
      instruction: input.instruction,
      ...(input.mask ? { mask: await imageField(input.mask) } : {}),
      ...(input.asset ? { asset: await imageField(input.asset) } : {}),
      ...(input.format ? { format: input.format } : {}),
      ...(input.engine ? { engine: input.engine } : {}),
    };
    const init = json(body);
    return this.http.json<Job>('/v1/edits?wait=0', {
      ...init,
      headers: { ...(init.headers as Record<string, string>), 'Idempotency-Key': key },
    });
  }

  job(id: string): Promise<Job> {
    return this.http.json<Job>(`/v1/jobs/${encodeURIComponent(id)}`);
  }

  /** The job once it is final (done, failed or cancelled), long-polling the service. */
  async wait(id: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Job> {
    const until = Date.now() + (opts.timeoutMs ?? 120_000);
    for (;;) {
      const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      const job = await this.http.json<Job>(`/v1/jobs/${encodeURIComponent(id)}?wait=${Math.min(left, 60)}`, {
        signal: opts.signal,
      });
      if (FINAL.includes(job.status) || left === 0) return job;
    }
  }

  /** The job's events as they happen (queued, running, preview, done…); ends with the final one. */
  async *events(id: string, opts: { signal?: AbortSignal } = {}): AsyncGenerator<JobEvent> {
    const res = await this.http.send(`/v1/jobs/${encodeURIComponent(id)}/events`, {
      headers: { Accept: 'text/event-stream' },
      signal: opts.signal,
    });
    yield* parseSse(res);
  }

  /** The result image's bytes (or the preview's). */
  async result(id: string, which: 'result' | 'preview' = 'result'): Promise<Uint8Array> {
    const res = await this.http.send(`/v1/jobs/${encodeURIComponent(id)}/${which}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  cancel(id: string): Promise<Job> {
    return this.http.json<Job>(`/v1/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST', retry: false });
  }

  engines() {
    return this.http.json<{
      preferred: string | null;
      engines: { id: string; configured: boolean; reachable: boolean | null }[];
    }>('/v1/engines');
  }

  /** Follow-up editing: versions, each edit on the head, undo and redo. */
  readonly sessions = {
    create: async (image: ImageInput) =>
      this.http.json<Session>('/v1/sessions', json({ image: await imageField(image) })),
    get: (id: string) => this.http.json<Session>(`/v1/sessions/${encodeURIComponent(id)}`),
    edit: async (
      id: string,
      instruction: string,
      opts: { idempotencyKey?: string; mask?: ImageInput } = {},
    ) => {
      const init = json({ instruction, ...(opts.mask ? { mask: await imageField(opts.mask) } : {}) });
      return this.http.json<Job | { object: 'session.move'; session: Session }>(
        `/v1/sessions/${encodeURIComponent(id)}/edits`,
        {
          ...init,
          headers: {
            ...(init.headers as Record<string, string>),
            'Idempotency-Key': opts.idempotencyKey ?? newKey(),
          },
        },
      );
    },
    undo: (id: string) =>
      this.http.json<Session>(`/v1/sessions/${encodeURIComponent(id)}/undo`, {
        method: 'POST',
        retry: false,
      }),
    redo: (id: string) =>
      this.http.json<Session>(`/v1/sessions/${encodeURIComponent(id)}/redo`, {
        method: 'POST',
        retry: false,
      }),
  };

  /** Platform exports: an image, a job's result or a session's version at preset sizes, cropped round its subject. */
  readonly exports = {
    presets: () =>
      this.http.json<{ data: { id: string; width: number; height: number; use: string }[] }>(
        '/v1/exports/presets',
      ),
    create: async (input: ExportInput) => {
      const { image, ...rest } = input;
      return this.http.json<ExportResult>(
        '/v1/exports',
        json({ ...rest, ...(image !== undefined ? { image: await imageField(image) } : {}) }),
      );
    },
  };

  /** 一键发布: a result, a session's version or a batch, exported and sent to the configured targets. */
  readonly publish = {
    targets: () => this.http.json<{ data: { id: string; type: string }[] }>('/v1/publish/targets'),
    create: (input: PublishInput) => this.http.json<Publication>('/v1/publish', json(input)),
    get: (id: string) => this.http.json<Publication>(`/v1/publications/${encodeURIComponent(id)}`),
  };

  /** One image, many instructions (regional variants): accepted whole or refused whole. */
  readonly batches = {
    create: async (
      image: ImageInput,
      instructions: string[],
      opts: { format?: string; idempotencyKey?: string } = {},
    ) => {
      const init = json({
        image: await imageField(image),
        instructions,
        ...(opts.format ? { format: opts.format } : {}),
      });
      return this.http.json<Batch>('/v1/batches', {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          'Idempotency-Key': opts.idempotencyKey ?? newKey(),
        },
      });
    },
    get: (id: string) => this.http.json<Batch>(`/v1/batches/${encodeURIComponent(id)}`),
    /** Every finished variant and batch.json, as the bytes of one ZIP file. */
    archive: async (id: string) =>
      new Uint8Array(
        await (await this.http.send(`/v1/batches/${encodeURIComponent(id)}/archive`)).arrayBuffer(),
      ),
  };
}

export interface Session {
  id: string;
  head: string;
  versions: {
    id: string;
    parent: string | null;
    job_id: string | null;
    instruction: string | null;
    image: ImageRef;
  }[];
}

export interface Batch {
  id: string;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  running: number;
  queued: number;
  /** 0–1: the share of jobs that are final. */
  progress: number;
  jobs: Job[];
}
