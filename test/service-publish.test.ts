/**
 * 一键发布 over HTTP against real receivers on loopback: a folder, a CMS webhook that checks the
 * HMAC signature and fails twice before accepting, an S3-compatible store that checks SigV4 the way
 * S3 does, and a receiver that refuses. Every file × target is a delivery with its status and attempts.
 */
import crypto from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, signV4 } from '../src/service/publish/sigv4.js';
import { b64, errorOf, poster, startTestService, type TestService } from './service.js';

const SECRET = 'whsec-0123456789abcdef';
const S3_KEY = { id: 'AKIDSCALPELTEST', secret: 's3-secret-for-tests' };

interface Hook {
  delivery: string;
  body: { publication: string; file: { name: string; sha256: string; url: string; preset: string | null } };
}

let t: TestService;
let folder: string;
const servers: http.Server[] = [];
const hooks: Hook[] = [];
const hookTries = new Map<string, number>();
const puts: { key: string; bytes: Buffer; signed: boolean }[] = [];

function listen(handler: http.RequestListener): Promise<string> {
  const s = http.createServer(handler);
  servers.push(s);
  return new Promise((r) =>
    s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );
}

const body = (req: http.IncomingMessage) =>
  new Promise<Buffer>((r) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => r(Buffer.concat(parts)));
  });

beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'scalpel-publish-'));
  // The CMS: checks the signature over "<t>.<body>", answers 503 twice per delivery, then 200.
  const cms = await listen(async (req, res) => {
    const raw = (await body(req)).toString();
    const [ts, v1] = String(req.headers['x-scalpel-signature'])
      .split(',')
      .map((p) => p.split('=')[1]);
    const want = crypto.createHmac('sha256', SECRET).update(`${ts}.${raw}`).digest('hex');
    if (v1 !== want) return res.writeHead(401).end();
    const id = String(req.headers['x-scalpel-delivery']);
    const n = (hookTries.get(id) ?? 0) + 1;
    hookTries.set(id, n);
    if (n < 3) return res.writeHead(503).end();
    hooks.push({ delivery: id, body: JSON.parse(raw) as Hook['body'] });
    res.writeHead(200).end('{}');
  });
  // The store: recomputes SigV4 from what arrived, as S3 does.
  const s3 = await listen(async (req, res) => {
    const bytes = await body(req);
    const url = new URL(req.url!, `http://${req.headers.host}`);
    const amzDate = String(req.headers['x-amz-date']);
    const again = signV4({
      method: 'PUT',
      url,
      headers: {
        'content-type': String(req.headers['content-type']),
        'content-length': String(req.headers['content-length']),
      },
      payloadHash: sha256Hex(bytes),
      accessKeyId: S3_KEY.id,
      secretAccessKey: S3_KEY.secret,
      region: 'cn-test-1',
      amzDate,
    });
    const signed = again.Authorization === req.headers.authorization;
    puts.push({ key: url.pathname, bytes, signed });
    res.writeHead(signed ? 200 : 403).end();
  });
  const refusing = await listen((_req, res) => res.writeHead(400).end('bad'));
  t = await startTestService({
    publishBackoffMs: 20,
    publishAttempts: 4,
    publishTargets: JSON.stringify({
      share: { type: 'folder', path: folder },
      cms: { type: 'webhook', url: `${cms}/hook`, secret: SECRET },
      store: {
        type: 's3',
        endpoint: s3,
        bucket: 'posters',
        region: 'cn-test-1',
        access_key_id: S3_KEY.id,
        secret_access_key: S3_KEY.secret,
        prefix: 'scalpel/',
      },
      legacy: { type: 'webhook', url: `${refusing}/hook`, secret: SECRET },
    }),
  });
});

afterAll(async () => {
  await t.close();
  for (const s of servers) s.close();
  rmSync(folder, { recursive: true, force: true });
});

type Publication = {
  id: string;
  status: string;
  counts: { total: number; pending: number; delivered: number; failed: number };
  deliveries: {
    target: string;
    file: string;
    status: string;
    attempts: number;
    response_status: number | null;
    error: string | null;
  }[];
};

async function settled(id: string): Promise<Publication> {
  for (;;) {
    const p = (await (await t.req(`/v1/publications/${id}`)).json()) as Publication;
    if (p.counts.pending === 0) return p;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('POST /v1/publish', () => {
  it('exports a result to presets and sends it to a folder, a signed webhook and S3, with a delivery log', async () => {
    const job = (await (
      await t.post('/v1/edits?wait=60', { image: b64(await poster()), instruction: '暖一点' })
    ).json()) as { id: string };
    const res = await t.post('/v1/publish', {
      job: job.id,
      presets: ['square-800', 'story-9x16'],
      targets: ['share', 'cms', 'store', 'legacy'],
    });
    expect(res.status).toBe(202);
    const p = await settled(((await res.json()) as Publication).id);
    expect(p.counts).toEqual({ total: 8, pending: 0, delivered: 6, failed: 2 });
    expect(p.status).toBe('partial');
    const by = (target: string) => p.deliveries.filter((d) => d.target === target);
    // Folder: whole files, named by preset, under the publication's id.
    expect(readdirSync(path.join(folder, p.id)).sort()).toEqual(['square-800.png', 'story-9x16.png']);
    const meta = await sharp(readFileSync(path.join(folder, p.id, 'story-9x16.png'))).metadata();
    expect([meta.width, meta.height]).toEqual([1080, 1920]);
    // Webhook: refused twice (503), then delivered; same delivery id on every try; signature checked.
    expect(by('cms').map((d) => [d.status, d.attempts])).toEqual([
      ['delivered', 3],
      ['delivered', 3],
    ]);
    const mine = hooks.filter((h) => h.body.publication === p.id);
    expect(mine.map((h) => h.body.file.name).sort()).toEqual(['square-800.png', 'story-9x16.png']);
    const file = readFileSync(path.join(folder, p.id, 'square-800.png'));
    expect(mine.find((h) => h.body.file.name === 'square-800.png')!.body.file.sha256).toBe(sha256Hex(file));
    // S3: PUT under the prefix, SigV4 accepted by a store that checks it.
    const stored = puts.filter((x) => x.key.includes(p.id));
    expect(stored.map((x) => [x.key, x.signed]).sort()).toEqual([
      [`/posters/scalpel/${p.id}/square-800.png`, true],
      [`/posters/scalpel/${p.id}/story-9x16.png`, true],
    ]);
    expect(stored.find((x) => x.key.endsWith('square-800.png'))!.bytes.equals(file)).toBe(true);
    // A 400 is not retried.
    expect(by('legacy').map((d) => [d.status, d.attempts, d.response_status])).toEqual([
      ['failed', 1, 400],
      ['failed', 1, 400],
    ]);
  });

  it('publishes every finished variant of a batch as it is', async () => {
    const res = await t.post('/v1/batches', {
      image: b64(await poster()),
      instructions: ["把'¥199'改成'¥99'", "把'¥199'改成'¥109'"],
    });
    const batch = (await res.json()) as { id: string; jobs: { id: string }[] };
    for (const j of batch.jobs) await t.req(`/v1/jobs/${j.id}?wait=120`);
    const pub = (await (
      await t.post('/v1/publish', { batch: batch.id, targets: 'share' })
    ).json()) as Publication;
    const p = await settled(pub.id);
    expect(p.status).toBe('delivered');
    expect(readdirSync(path.join(folder, p.id)).sort()).toEqual(['01-original.png', '02-original.png']);
  });

  it('names targets only as configured, and never shows their secrets', async () => {
    const listed = await (await t.req('/v1/publish/targets')).text();
    expect(JSON.parse(listed)).toEqual({
      object: 'list',
      data: [
        { id: 'share', type: 'folder' },
        { id: 'cms', type: 'webhook' },
        { id: 'store', type: 's3' },
        { id: 'legacy', type: 'webhook' },
      ],
    });
    expect(listed).not.toContain(SECRET);
    expect(listed).not.toContain(folder);
    const job = (await (
      await t.post('/v1/edits?wait=60', { image: b64(await poster()), instruction: '冷一点' })
    ).json()) as { id: string };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ job: job.id, targets: ['ftp'] }, 400, 'INVALID_ARGUMENT'],
      [{ job: job.id, targets: [] }, 400, 'INVALID_ARGUMENT'],
      [{ job: job.id, targets: ['share'], presets: ['a4'] }, 400, 'INVALID_ARGUMENT'],
      [{ targets: ['share'] }, 400, 'INVALID_ARGUMENT'],
      [{ batch: 'bat_nope', targets: ['share'] }, 404, 'NOT_FOUND'],
    ];
    for (const [b, status, code] of cases) {
      const err = await errorOf(await t.post('/v1/publish', b));
      expect([err.status, err.code], JSON.stringify(b)).toEqual([status, code]);
    }
    expect((await errorOf(await t.req('/v1/publications/pub_nope'))).code).toBe('NOT_FOUND');
    expect(existsSync(path.join(folder, 'undefined'))).toBe(false);
  });
});
