import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScalpelError } from '../../index.js';
import { sha256 } from './ids.js';

/**
 * Where image bytes live, addressed by their SHA-256. The service keeps them on local disk; workers on
 * other machines reach them through the same interface, on a shared disk or an S3-compatible store.
 */
export interface BlobStorage {
  /** Stores the bytes (once per content) and returns their hash. */
  put(bytes: Buffer): Promise<string>;
  get(hash: string): Promise<Buffer>;
  has(hash: string): Promise<boolean>;
  /** Removes the blob; one already gone is fine. */
  delete(hash: string): Promise<void>;
  /** A file on this machine holding the blob (the edit reads files), fetched when the store is remote. */
  localPath(hash: string): Promise<string>;
  /** Shown in logs and errors: where this store is, without secrets. */
  readonly where: string;
}

const HASH = /^[0-9a-f]{64}$/;

export const isHash = (name: string) => HASH.test(name);

export function checkHash(hash: string): string {
  if (!HASH.test(hash)) {
    throw new ScalpelError('INVALID_ARGUMENT', `'${hash.slice(0, 80)}' is not a blob hash.`, {
      stage: 'storage',
      details: { hash: hash.slice(0, 80) },
    });
  }
  return hash;
}

/** Blobs as files under one directory, two hex characters of fan-out: `dir/ab/abcd…`. */
export class DiskStorage implements BlobStorage {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  get where(): string {
    return this.dir;
  }

  pathOf(hash: string): string {
    return path.join(this.dir, checkHash(hash).slice(0, 2), hash);
  }

  /** Writes atomically (a temp file renamed), so a crash or a second writer never leaves half a file. */
  putSync(bytes: Buffer): string {
    const hash = sha256(bytes);
    const file = this.pathOf(hash);
    if (!this.touch(hash)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, file);
    }
    return hash;
  }

  async put(bytes: Buffer): Promise<string> {
    return this.putSync(bytes);
  }

  /**
   * Marks a stored blob fresh, so the collector (which takes only what was not stored within the
   * hour) leaves it to the row about to name it; false when there is no such file to mark (absent,
   * or another user's on a shared disk: then it is written anew).
   */
  touch(hash: string): boolean {
    try {
      const now = new Date();
      fs.utimesSync(this.pathOf(hash), now, now);
      return true;
    } catch {
      return false;
    }
  }

  async get(hash: string): Promise<Buffer> {
    try {
      return await fs.promises.readFile(this.pathOf(hash));
    } catch (err) {
      throw missing(hash, this.where, err);
    }
  }

  async has(hash: string): Promise<boolean> {
    return fs.existsSync(this.pathOf(hash));
  }

  async delete(hash: string): Promise<void> {
    await fs.promises.rm(this.pathOf(hash), { force: true });
  }

  async localPath(hash: string): Promise<string> {
    const file = this.pathOf(hash);
    if (!fs.existsSync(file)) throw missing(hash, this.where);
    return file;
  }
}

export function missing(hash: string, where: string, cause?: unknown): ScalpelError {
  return new ScalpelError('NOT_FOUND', `No blob ${hash.slice(0, 12)}… in ${where}.`, {
    stage: 'storage',
    details: { hash, storage: where },
    cause,
  });
}

/** How much of the temp directory a worker's copies may take, and how long a copy is left alone. */
export const COPY_LIMITS = { maxBytes: 1024 ** 3, graceMs: 10 * 60_000 };

/**
 * A local copy of a remote blob, kept in the temp directory under its hash (content never changes).
 * The copies are bounded: past `maxBytes`, the least recently used go, but none used in the last
 * `graceMs` (a running edit may be about to read it).
 */
export async function cachedCopy(
  hash: string,
  fetch: () => Promise<Buffer>,
  limits = COPY_LIMITS,
  dir = path.join(os.tmpdir(), 'scalpel-blobs'),
): Promise<string> {
  const file = path.join(dir, checkHash(hash));
  if (fs.existsSync(file)) {
    const now = new Date();
    fs.utimesSync(file, now, now);
    return file;
  }
  const bytes = await fetch();
  if (sha256(bytes) !== hash) {
    throw new ScalpelError('INTERNAL', `The stored blob ${hash.slice(0, 12)}… does not match its hash.`, {
      stage: 'storage',
      details: { hash },
    });
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
  prune(dir, limits);
  return file;
}

/** Least recently used copies out until the rest fit; a file gone meanwhile is fine. */
function prune(dir: string, limits: typeof COPY_LIMITS): void {
  const files = fs
    .readdirSync(dir)
    .filter((n) => !n.endsWith('.tmp'))
    .flatMap((n) => {
      try {
        const st = fs.statSync(path.join(dir, n));
        return [{ file: path.join(dir, n), size: st.size, used: st.mtimeMs }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.used - b.used);
  let total = files.reduce((t, f) => t + f.size, 0);
  const before = Date.now() - limits.graceMs;
  for (const f of files) {
    if (total <= limits.maxBytes || f.used > before) break;
    fs.rmSync(f.file, { force: true });
    total -= f.size;
  }
}
