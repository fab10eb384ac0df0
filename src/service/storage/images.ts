import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ScalpelError } from '../../index.js';
import type { Sql } from './sql.js';
import { newId } from './ids.js';
import { DiskStorage, isHash, type BlobStorage } from './blobs.js';

/** How long an unnamed blob file is left alone: a worker may be about to hand it over. */
const GRACE_MS = 3_600_000;

export interface ImageRecord {
  id: string;
  owner: string;
  sha256: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  created_at: number;
}

export type ImageMeta = Pick<ImageRecord, 'format' | 'width' | 'height'>;

/**
 * Images on local disk, stored once per content hash; each upload or result is a row owned by one
 * tenant, and every read names the owner, so an id from another tenant is simply not found.
 */
export class ImageStore {
  /** The blob files: also what workers on this machine (or a shared disk) read and write. */
  readonly disk: DiskStorage;
  private readonly dir: string;

  /**
   * @param shared where workers elsewhere read and write (SCALPEL_STORAGE), when that is not `disk`:
   *   what the collector deletes here it deletes there too.
   * @param onSharedError told when the shared storage could not delete (once a sweep).
   */
  constructor(
    private readonly sql: Sql,
    dataDir: string,
    private shared?: BlobStorage,
    private readonly onSharedError?: (err: Error) => void,
  ) {
    this.disk = new DiskStorage(path.join(dataDir, 'blobs'));
    this.dir = this.disk.dir;
    // SCALPEL_STORAGE naming this very directory is the default said out loud, not a second store.
    if (shared instanceof DiskStorage && path.resolve(shared.dir) === path.resolve(this.dir))
      this.shared = undefined;
  }

  /** Writes the bytes (atomically: temp file + rename, so a crash never leaves half a file). */
  putBlob(bytes: Buffer): string {
    return this.disk.putSync(bytes);
  }

  put(owner: string, bytes: Buffer, meta: ImageMeta): Promise<ImageRecord> {
    return this.link(owner, this.putBlob(bytes), bytes.length, meta);
  }

  /** A new row for bytes already stored (a cache hit hands out the cached blob under a new id). */
  async link(owner: string, hash: string, bytes: number, meta: ImageMeta): Promise<ImageRecord> {
    this.disk.touch(hash);
    const rec: ImageRecord = {
      id: newId('img'),
      owner,
      sha256: hash,
      bytes,
      created_at: Date.now(),
      ...meta,
    };
    await this.sql.run(
      `insert into images (id, owner, sha256, format, width, height, bytes, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [rec.id, rec.owner, rec.sha256, rec.format, rec.width, rec.height, rec.bytes, rec.created_at],
    );
    return rec;
  }

  /** The owner's image, or NOT_FOUND (also for another tenant's id: no hint that it exists). */
  async get(owner: string, id: string): Promise<ImageRecord> {
    const rec = await this.sql.get<ImageRecord>('select * from images where id = ? and owner = ?', [
      id,
      owner,
    ]);
    if (!rec) throw notFound('image', id);
    return rec;
  }

  /** For signed URLs, which carry their own proof of access. */
  getUnchecked(id: string): Promise<ImageRecord | undefined> {
    return this.sql.get<ImageRecord>('select * from images where id = ?', [id]);
  }

  read(rec: Pick<ImageRecord, 'sha256'>): Buffer {
    return fs.readFileSync(this.blobPath(rec.sha256));
  }

  blobPath(hash: string): string {
    return this.disk.pathOf(hash);
  }

  hasBlob(hash: string): boolean {
    return fs.existsSync(this.blobPath(hash));
  }

  /**
   * Deletes blob files no image row or cache entry points at, here and in the shared storage; returns
   * how many bytes it freed here.
   */
  async collect(): Promise<number> {
    const live = new Set(
      (
        await this.sql.all<{ sha256: string }>('select sha256 from images union select sha256 from cache')
      ).map((r) => r.sha256),
    );
    let freed = 0;
    // Workers write into the same directory (a result before the service records it, a temp file
    // being renamed): only what was not written or stored again within the hour goes.
    const before = Date.now() - GRACE_MS;
    let sharedDown = false;
    for (const sub of fs.readdirSync(this.dir)) {
      for (const name of fs.readdirSync(path.join(this.dir, sub))) {
        const hash = name.split('.')[0] ?? name;
        if (live.has(hash) && !name.endsWith('.tmp')) continue;
        const aside = setAside(path.join(this.dir, sub, name), before);
        if (!aside) continue;
        // Every blob the service names passes through this directory (an input on its way to the
        // workers, a result on its way back), so what goes here goes there. A store that fails is
        // said once a sweep and left alone: its copies stay, this disk is cleaned regardless.
        if (this.shared && isHash(name) && !sharedDown) sharedDown = !(await this.dropShared(hash));
        fs.rmSync(aside.file, { force: true });
        freed += aside.bytes;
      }
    }
    return freed;
  }

  /** Deletes the shared copy, put back if the same bytes were stored here meanwhile; false if it failed. */
  private async dropShared(hash: string): Promise<boolean> {
    const shared = this.shared as BlobStorage;
    try {
      await shared.delete(hash);
      if (this.hasBlob(hash)) await shared.put(fs.readFileSync(this.blobPath(hash)));
      return true;
    } catch (err) {
      this.onSharedError?.(err instanceof Error ? err : new Error(String(err)));
      return false;
    }
  }
}

/**
 * An old file renamed to a temp name in one synchronous step after its age check: from then on, a put
 * of the same bytes writes a new file instead of refreshing this one, however long deleting takes.
 */
function setAside(file: string, before: number): { file: string; bytes: number } | undefined {
  try {
    const st = fs.statSync(file);
    if (st.mtimeMs > before) return undefined;
    const aside = file.endsWith('.tmp') ? file : `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    fs.renameSync(file, aside);
    // A worker process on this disk may have stored the same bytes between the two calls: keep them.
    if (fs.statSync(aside).mtimeMs > before) {
      fs.renameSync(aside, file);
      return undefined;
    }
    return { file: aside, bytes: st.size };
  } catch {
    // Renamed or removed by its writer between the listing and here.
    return undefined;
  }
}

export function notFound(kind: string, id: string): ScalpelError {
  return new ScalpelError('NOT_FOUND', `No ${kind} '${id}'.`, {
    stage: 'request',
    details: { [kind]: id },
  });
}
