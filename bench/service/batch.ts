/**
 * Ten price variants of the example poster as one batch (`POST /v1/batches`), submit → all ten
 * final as the client sees it, on a server that shares one image's analysis among its variants and,
 * in the same run, on one with that cache off (`SCALPEL_ANALYSIS_CACHE_MB=0`, the baseline). Each
 * repetition changes one corner pixel of the poster, so every batch starts from a cold analysis and
 * the result cache never answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { repoRoot } from '../posters.js';
import { now, sleep } from './api.js';
import { sampleRss } from './procs.js';
import { freePort, startServer, stopServer } from './server.js';

const VARIANTS = 10;
const REPEATS = 3;

export interface BatchRun {
  ms: number;
  done: number;
  failed: number;
}

export interface BatchBench {
  mode: 'shared analysis' | 'no shared analysis (baseline)';
  runs: BatchRun[];
  peakRssMb: number;
}

/** The poster with pixel (0, 0) set to `k`: the same picture to the eye, a different image to a hash. */
export async function posterVariant(k: number): Promise<Buffer> {
  const { data, info } = await sharp(path.join(repoRoot, 'examples/poster.png'))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  data[0] = k;
  data[1] = 255 - k;
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
    .png()
    .toBuffer();
}

async function runBatch(base: string, image: Buffer, instructions: string[]): Promise<BatchRun> {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'poster.png');
  for (const s of instructions) form.append('instructions', s);
  const t0 = now();
  const res = await fetch(`${base}/v1/batches`, { method: 'POST', body: form });
  const batch = (await res.json()) as { id?: string; error?: { code: string; message: string } };
  if (res.status !== 202 || !batch.id)
    throw new Error(`batch refused: ${res.status} ${JSON.stringify(batch.error)}`);
  for (;;) {
    const p = (await (await fetch(`${base}/v1/batches/${batch.id}`)).json()) as {
      progress: number;
      done: number;
      failed: number;
    };
    if (p.progress >= 1) return { ms: now() - t0, done: p.done, failed: p.failed };
    await sleep(20);
  }
}

const prices = (rep: number) =>
  Array.from({ length: VARIANTS }, (_, i) => `把'¥199'改成'¥${100 + rep * 20 + i}'，字体颜色变红`);

async function measure(shared: boolean, log: (s: string) => void): Promise<BatchBench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalpel-batch-bench-'));
  const port = await freePort();
  const env: Record<string, string> = { SCALPEL_RATE_PER_MINUTE: '0' };
  if (!shared) env.SCALPEL_ANALYSIS_CACHE_MB = '0';
  const server = await startServer({ port, dataDir, env, generation: 1 });
  const base = `http://127.0.0.1:${port}`;
  try {
    // Models load on the first job: a warm-up batch on another image, not timed.
    await runBatch(base, await posterVariant(1), [prices(9)[0], prices(9)[1]]);
    const rss = sampleRss(() => server, 100);
    const runs: BatchRun[] = [];
    for (let rep = 0; rep < REPEATS; rep++) {
      const run = await runBatch(base, await posterVariant(10 + rep), prices(rep));
      log(`batch (${shared ? 'shared' : 'baseline'}) ${rep + 1}/${REPEATS}: ${Math.round(run.ms)} ms`);
      runs.push(run);
    }
    const peak = rss.stop().peakSum;
    return {
      mode: shared ? 'shared analysis' : 'no shared analysis (baseline)',
      runs,
      peakRssMb: peak / 2 ** 20,
    };
  } finally {
    await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Both servers, one after the other (never side by side: they would share the two cores). */
export async function benchBatches(log: (s: string) => void): Promise<BatchBench[]> {
  return [await measure(true, log), await measure(false, log)];
}

/** The report section. */
export function batchSection(results: BatchBench[]): string {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rows = results.map(
    (r) =>
      `| ${r.mode} | ${Math.round(median(r.runs.map((x) => x.ms)))} | ${r.runs.map((x) => Math.round(x.ms)).join(', ')} | ${r.runs.reduce((t, x) => t + x.done, 0)} / ${r.runs.reduce((t, x) => t + x.failed, 0)} | ${Math.round(r.peakRssMb)} |`,
  );
  return [
    '## Batch: ten price variants of one poster',
    '',
    `\`POST /v1/batches\` with \`examples/poster.png\` and ${VARIANTS} instructions (\`把'¥199'改成'¥1xx'，字体颜色变红\`),`,
    'timed from the request to the last variant final, polled every 20 ms; default server (one worker),',
    `${REPEATS} batches each, each on the poster with one corner pixel changed so that every batch starts`,
    'cold (nothing cached from the last one). The baseline is the same server with the shared analysis',
    'off (`SCALPEL_ANALYSIS_CACHE_MB=0`): every variant reads the poster, fits the line and fills it again.',
    '',
    '| server | median ms (10 variants) | each batch ms | variants done / failed | peak RSS MB (server + worker) |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
