/**
 * The real server as a child process (`node dist/src/cli/index.js serve`) on a port picked here: the
 * server's own PORT=0 choice would not be known outside it, and a restart must reuse the port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from '../posters.js';
import { now } from './api.js';

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** 1 for the first start, 2 after the restart. */
  generation: number;
  /** Its stdout so far (the listening line, worker count, what recovery found). */
  lines: string[];
  /** Its stderr and its workers' (they inherit it): shown live, and kept for the report. */
  errLines: string[];
  /** performance.timeOrigin-based time the "listening" line arrived. */
  listeningAt: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Set before the benchmark itself kills or stops it: any other exit is a crash (or someone else's kill). */
  stopping: boolean;
}

/** A port free right now on loopback (the OS picks it; we close and hand it to the server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the server and resolves when it prints that it listens; rejects if it exits or stalls first. */
export function startServer(opts: {
  port: number;
  dataDir: string;
  env: Record<string, string>;
  generation: number;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/src/cli/index.js'), 'serve'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(opts.port),
      SCALPEL_DATA_DIR: opts.dataDir,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const errLines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // The server's (and its workers') stderr is shown as it comes: warnings and crashes must be seen.
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    // A crash inside minified wasm glue prints the whole source line (10 MB for opencv.js).
    const l = line.length > 300 ? `${line.slice(0, 300)}… (${line.length} chars)` : line;
    errLines.push(l);
    process.stderr.write(`  [server #${opts.generation}] ${l}\n`);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not say it listens within ${opts.timeoutMs ?? 30_000} ms`));
    }, opts.timeoutMs ?? 30_000);
    readline.createInterface({ input: child.stdout! }).on('line', (l) => {
      lines.push(l);
      if (/listening on/.test(l)) {
        clearTimeout(timer);
        resolve({
          child,
          pid: child.pid as number,
          generation: opts.generation,
          lines,
          errLines,
          listeningAt: now(),
          exited,
          stopping: false,
        });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${signal ?? code}) before listening:\n${lines.join('\n')}`));
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`; says which one ended it. */
export async function stopServer(s: ServerProcess, graceMs = 15_000): Promise<'exited' | 'killed'> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return 'exited';
  s.stopping = true;
  s.child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
  if ((await Promise.race([s.exited.then(() => 'exited' as const), timeout])) === 'exited') return 'exited';
  s.child.kill('SIGKILL');
  await s.exited;
  return 'killed';
}

/** The "Recovered after a restart: N job(s) re-queued, M failed." line, as numbers. */
export function recoveredFrom(lines: string[]): { requeued: number; failed: number } {
  const m = lines.join('\n').match(/Recovered after a restart: (\d+) job\(s\) re-queued, (\d+) failed/);
  return m ? { requeued: Number(m[1]), failed: Number(m[2]) } : { requeued: 0, failed: 0 };
}

/** The worker count and queue limit the server announced ("workers: 2  queue limit: 200"). */
export function announced(lines: string[]): { workers: number; maxQueue: number } {
  const m = lines.join('\n').match(/workers: (\d+)\s+queue limit: (\d+)/);
  return { workers: Number(m?.[1] ?? NaN), maxQueue: Number(m?.[2] ?? NaN) };
}
