/**
 * Real Redis and PostgreSQL servers for the scale-out tests and the bench, each started on a free
 * loopback port in a temp directory and stopped after. `.ci/run` installs Debian's redis-server and
 * postgresql when missing; on a machine without them the suites that need them are skipped, visibly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './server.js';

export interface LocalServer {
  url: string;
  stop(): Promise<void>;
}

const which = (name: string, extra: string[] = []): string | undefined =>
  [...(process.env.PATH ?? '').split(':'), ...extra]
    .map((d) => path.join(d, name))
    .find((f) => fs.existsSync(f));

const PG_DIRS = fs.existsSync('/usr/lib/postgresql')
  ? fs
      .readdirSync('/usr/lib/postgresql')
      .sort()
      .reverse()
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
  : [];

export const REDIS_SERVER = which('redis-server');
export const POSTGRES = which('postgres', PG_DIRS);
const INITDB = POSTGRES && path.join(path.dirname(POSTGRES), 'initdb');

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

/**
 * A throwaway PostgreSQL cluster (trust authentication on loopback only). PostgreSQL refuses to run
 * as root, so as root it runs as the `postgres` user Debian's package creates.
 */
export async function startPostgres(): Promise<LocalServer> {
  if (!POSTGRES || !INITDB) throw new Error('postgres is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalpel-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot ? { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { cmd, args };
  if (asRoot) spawnSync('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  const init = run(INITDB, ['-D', data, '-U', 'scalpel', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const res = spawnSync(init.cmd, init.args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`initdb failed: ${res.stderr}`);
  const port = await freePort();
  const start = run(POSTGRES, [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dir}`,
    '-c',
    'fsync=off',
  ]);
  const child = spawn(start.cmd, start.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await waitForPort(port, child, () => out);
  // The port opens a moment before the database takes connections.
  await new Promise((r) => setTimeout(r, 300));
  return { url: `postgres://scalpel@127.0.0.1:${port}/postgres`, stop: stopper(child, dir) };
}
