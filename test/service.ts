/** In-process service for tests: a temp data dir, real SQLite, real edits, the app called directly. */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createApp } from '../src/service/http/app.js';
import { checkAnswers } from './answer-check.js';
import { defaultConfig, type ServiceConfig } from '../src/service/config.js';
import fs from 'node:fs/promises';
import type { Executor, WorkCallbacks, WorkOutput, WorkTask } from '../src/service/jobs/executor.js';
import { InlineExecutor } from '../src/service/jobs/pool.js';
import { createServices, type Services } from '../src/service/services.js';
import { SqliteSql } from '../src/service/storage/sql.js';
import type Database from 'better-sqlite3';

export interface TestService {
  svc: Services;
  app: ReturnType<typeof createApp>;
  dataDir: string;
  /** The SQLite database underneath (tests read and age rows directly); throws on PostgreSQL. */
  readonly db: Database.Database;
  /** `app.request` with the path relative to http://scalpel.test. */
  req(p: string, init?: RequestInit): Promise<Response>;
  /** POST JSON. */
  post(p: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

export function testConfig(over: Partial<ServiceConfig> = {}, dataDir?: string): ServiceConfig {
  return {
    ...defaultConfig(),
    dataDir: dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'scalpel-svc-')),
    concurrency: 1,
    sweepIntervalMs: 3_600_000,
    // In-process requests carry no Content-Length, so each would count as a whole maximal body;
    // the bound is tested where it is meant (service-hardening.test.ts).
    maxInflightBytes: 0,
    ...over,
  };
}

/** Edits run in this process unless an executor is given, or the config names a Redis queue. */
export async function startTestService(
  over: Partial<ServiceConfig> = {},
  executor?: Executor,
  log?: (line: string) => void,
): Promise<TestService> {
  const config = testConfig(over, over.dataDir);
  const svc = await createServices(config, executor ?? (config.redisUrl ? undefined : new InlineExecutor()), {
    log,
  });
  const app = createApp(svc);
  const undocumented = checkAnswers(app);
  const req = (p: string, init?: RequestInit) =>
    Promise.resolve(app.request(`http://scalpel.test${p}`, init));
  return {
    svc,
    app,
    dataDir: config.dataDir,
    get db() {
      if (!(svc.sql instanceof SqliteSql))
        throw new Error('this test service keeps its records in PostgreSQL');
      return svc.sql.db;
    },
    req,
    post: (p, body, headers = {}) =>
      req(p, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      }),
    async close(opts = {}) {
      await svc.close();
      if (!opts.keepData) rmSync(config.dataDir, { recursive: true, force: true });
      // Every answer this service gave, by what /openapi.json says of its route (answer-check.ts).
      if (undocumented.length)
        throw new Error(`Answers unlike the document:\n${[...new Set(undocumented)].join('\n')}`);
    },
  };
}

export const POSTER = path.resolve(import.meta.dirname, '../examples/poster.png');
export const poster = () => readFile(POSTER);
export const b64 = (b: Buffer) => b.toString('base64');

/** A removal that takes many seconds anywhere: a third of a 2000×2500 poster to fill (去掉这个). */
export async function slowRemoval(): Promise<{ image: Buffer; mask: Buffer }> {
  const image = await sharp(await poster())
    .resize(2000, 2500)
    .png()
    .toBuffer();
  const mask = await sharp({ create: { width: 2000, height: 2500, channels: 3, background: '#000' } })
    .composite([
      {
        input: { create: { width: 1200, height: 1200, channels: 3, background: '#fff' } },
        left: 400,
        top: 600,
      },
    ])
    .png()
    .toBuffer();
  return { image, mask };
}

/** A multipart body with the image as a file. */
export function form(fields: Record<string, string>, files: Record<string, Buffer>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, v] of Object.entries(files)) fd.append(k, new Blob([new Uint8Array(v)]), `${k}.png`);
  return fd;
}

/** The `error` of a JSON error answer, with the status. */
export async function errorOf(
  res: Response,
): Promise<{ status: number; code: string; message: string; details: Record<string, unknown> }> {
  const body = (await res.json()) as {
    error: { code: string; message: string; details: Record<string, unknown> };
  };
  return { status: res.status, ...body.error };
}

/** Holds every edit until it is cancelled or times out: a queue that does not drain on its own. */
export class HeldExecutor implements Executor {
  readonly started: WorkTask[] = [];
  run(task: WorkTask, _cb: WorkCallbacks, signal: AbortSignal): Promise<never> {
    this.started.push(task);
    return new Promise((_, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
    );
  }
  async close() {}
}

/**
 * Finishes every edit at once with the input's bytes: fast, deterministic, no models. Its report
 * carries the job's plan, as edit() does.
 */
export class EchoExecutor implements Executor {
  readonly started: WorkTask[] = [];
  async run(task: WorkTask): Promise<WorkOutput> {
    this.started.push(task);
    const image = await fs.readFile(task.input);
    return {
      image,
      report: {
        ok: true,
        plan: task.plan,
        steps: [],
        image: { width: 800, height: 1000, format: 'png' },
        warnings: [],
        timings: { total_ms: 0, load_ms: 0 },
      },
    };
  }
  async close() {}
}
