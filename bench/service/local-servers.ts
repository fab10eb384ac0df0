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

function stopper(child: ChildProcess, dir: string, signal: NodeJS.Signals = 'SIGTERM'): () => Promise<void> {
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
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

/** Debian keeps PostgreSQL's server binaries off PATH, one folder per major version. */
function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  const dirs = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const found = dirs[0] ? path.join(root, dirs[0], 'bin') : undefined;
  return found ?? (which('postgres') ? path.dirname(which('postgres') as string) : undefined);
}

export const POSTGRES_BIN = postgresBin();

/** PostgreSQL refuses to run as root: as root, its processes run as the package's `postgres` user. */
function asPostgres(): { prefix: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return {
    prefix: ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--init-groups', '--'],
    uid: Number(uid),
    gid: Number(gid),
  };
}

/**
 * A throwaway PostgreSQL cluster on a free loopback port (trust auth, no fsync: test data only).
 * `.ci/run` installs Debian's postgresql when missing.
 */
export async function startPostgres(): Promise<LocalServer> {
  if (!POSTGRES_BIN) throw new Error('PostgreSQL is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalpel-pg-'));
  const user = asPostgres();
  if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid as number);
  const data = path.join(dir, 'data');
  const run = (bin: string, args: string[]) => {
    const [cmd, ...rest] = [...user.prefix, path.join(POSTGRES_BIN as string, bin), ...args];
    return spawn(cmd as string, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  let out = '';
  const collect = (child: ChildProcess) => {
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  };
  const init = run('initdb', ['-D', data, '-U', 'scalpel', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  collect(init);
  const code = await new Promise<number | null>((r) => init.once('exit', r));
  if (code !== 0) throw new Error(`initdb failed: ${out}`);
  const port = await freePort();
  const child = run('postgres', [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ]);
  collect(child);
  await waitForPort(port, child, () => out);
  // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients (pools) to hang up.
  return { url: `postgres://scalpel@127.0.0.1:${port}/postgres`, stop: stopper(child, dir, 'SIGINT') };
}

/** A fresh, empty database on that server, so suites sharing one cluster never see each other's rows. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`create database "${name.replace(/[^a-z0-9_]/g, '_')}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name.replace(/[^a-z0-9_]/g, '_')}`;
  return url.toString();
}
