/**
 * A real Redis for the scale-out tests and the bench, started on a free loopback port in a temp
 * directory and stopped after. `.ci/run` installs Debian's redis-server when missing; on a machine
 * without it the suites that need it are skipped, visibly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './server.js';

export interface LocalServer {
  url: string;
  stop(): Promise<void>;
}

const which = (name: string): string | undefined =>
  (process.env.PATH ?? '')
    .split(':')
    .map((d) => path.join(d, name))
    .find((f) => fs.existsSync(f));

export const REDIS_SERVER = which('redis-server');

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`The server exited: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No server on port ${port}: ${log()}`);
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

/** redis-server with no persistence, on a free port. */
export async function startRedis(): Promise<LocalServer> {
  if (!REDIS_SERVER) throw new Error('redis-server is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalpel-redis-'));
  const port = await freePort();
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await waitForPort(port, child, () => out);
  return { url: `redis://127.0.0.1:${port}`, stop: stopper(child, dir) };
}
