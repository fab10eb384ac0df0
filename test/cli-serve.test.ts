/**
 * `scalpel serve` and `scalpel keys` as an operator runs them: the built CLI spawned with only
 * environment variables, stopped with SIGTERM.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../bench/posters.js';

const CLI = path.join(repoRoot, 'dist/src/cli/index.js');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scalpel-cli-serve-'));
const env = { ...process.env, SCALPEL_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0' };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Starts `scalpel serve`, waits for its address line, returns it with the child and its output. */
async function serve() {
  const child = spawn(process.execPath, [CLI, 'serve'], { env });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // The "Data:" line is the last of the start-up lines.
      const m = out.match(/listening on (http:\/\/\S+)[\s\S]*\nData: /);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return { url, output: () => out, stop };
}

describe('scalpel serve and keys', () => {
  it('serves in single-user mode, then only with a key once one is created', async () => {
    const open = await serve();
    expect(open.output()).toMatch(/Single-user mode/);
    expect((await fetch(`${open.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${open.url}/v1/jobs`)).status).toBe(200);
    expect(await open.stop()).toBe(0);
    expect(open.output()).toMatch(/Stopping/);

    const created = await run(['keys', 'create', '--name', 'cms', '--rate', '30']);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sk-scalpel-[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/shown only once/);
    const list = JSON.parse((await run(['keys', 'list'])).stdout) as {
      name: string;
      rate_per_minute: number;
    }[];
    expect(list.map((k) => [k.name, k.rate_per_minute])).toEqual([['cms', 30]]);
    expect(JSON.stringify(list)).not.toContain(key);

    const guarded = await serve();
    try {
      expect(guarded.output()).toMatch(/API keys: 1 active/);
      expect((await fetch(`${guarded.url}/v1/jobs`)).status).toBe(401);
      const ok = await fetch(`${guarded.url}/v1/jobs`, { headers: { authorization: `Bearer ${key}` } });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.stop();
    }
  }, 60_000);

  it('refuses bad arguments with a clear message and exit 2', async () => {
    expect(await run(['keys', 'create'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--name/) });
    expect(await run(['keys', 'frob'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/create/) });
    expect(await run(['keys', 'revoke', 'key_nope'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/No active key/),
    });
    const badPort = await run(['serve', '--port', '99999']);
    expect([badPort.code, badPort.stderr]).toEqual([2, expect.stringMatching(/--port/)]);
  });
});
