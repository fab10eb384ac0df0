import type { Db } from '../storage/db.js';
import { newId } from '../storage/ids.js';
import type { ImageRecord, ImageStore } from '../storage/images.js';
import type { UrlSigner } from '../policy/signer.js';
import { deliver, DeliveryError } from './deliver.js';
import type { PublishTarget } from './targets.js';

export interface PublishItem {
  name: string;
  record: ImageRecord;
  meta: Record<string, unknown>;
}

interface DeliveryRow {
  id: string;
  publication_id: string;
  target: string;
  name: string;
  image_id: string;
  meta: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  response_status: number | null;
  location: string | null;
  error: string | null;
  created_at: number;
  finished_at: number | null;
}

const TYPES: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

/**
 * Sends published files to their targets and keeps the delivery log: one row per file × target, each
 * tried up to `attempts` times with doubling waits while the failure may pass (no answer, 5xx, 429),
 * at once given up when it will not (4xx, a folder that cannot be written). Rows left pending by a
 * restart are resumed at start.
 */
export class Publisher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly images: ImageStore,
    private readonly signer: UrlSigner,
    readonly targets: Map<string, PublishTarget>,
    private readonly opts: { attempts: number; backoffMs: number },
  ) {}

  start(
    owner: string,
    origin: string,
    source: Record<string, unknown>,
    items: PublishItem[],
    targets: string[],
  ) {
    const id = newId('pub');
    const now = Date.now();
    const insert = this.db.prepare(
      `insert into deliveries (id, publication_id, target, name, image_id, meta, status, created_at)
       values (?, ?, ?, ?, ?, ?, 'pending', ?)`,
    );
    this.db.transaction(() => {
      this.db
        .prepare('insert into publications (id, owner, origin, source, created_at) values (?, ?, ?, ?, ?)')
        .run(id, owner, origin, JSON.stringify(source), now);
      for (const target of targets)
        for (const item of items)
          insert.run(newId('dlv'), id, target, item.name, item.record.id, JSON.stringify(item.meta), now);
    })();
    for (const row of this.rows(id)) this.attempt(row);
    return id;
  }

  /** Picks up deliveries a stopped server left pending. */
  resume(): number {
    const rows = this.db.prepare("select * from deliveries where status = 'pending'").all() as DeliveryRow[];
    for (const row of rows) this.attempt(row);
    return rows.length;
  }

  view(owner: string, id: string) {
    const pub = this.db.prepare('select * from publications where id = ? and owner = ?').get(id, owner) as
      { id: string; source: string; created_at: number } | undefined;
    if (!pub) return undefined;
    const rows = this.rows(id);
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    const [pending, delivered, failed] = [count('pending'), count('delivered'), count('failed')];
    return {
      id,
      object: 'publication',
      status: pending ? 'delivering' : failed === 0 ? 'delivered' : delivered === 0 ? 'failed' : 'partial',
      source: JSON.parse(pub.source) as unknown,
      created_at: pub.created_at,
      counts: { total: rows.length, pending, delivered, failed },
      deliveries: rows.map((r) => ({
        id: r.id,
        target: r.target,
        type: this.targets.get(r.target)?.type ?? null,
        file: r.name,
        status: r.status,
        attempts: r.attempts,
        response_status: r.response_status,
        location: r.location,
        error: r.error,
        finished_at: r.finished_at,
      })),
    };
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private rows(publication: string): DeliveryRow[] {
    return this.db
      .prepare('select * from deliveries where publication_id = ? order by target, name')
      .all(publication) as DeliveryRow[];
  }

  private attempt(row: DeliveryRow): void {
    if (this.closed) return;
    void this.once(row).catch(() => undefined);
  }

  private async once(row: DeliveryRow): Promise<void> {
    const target = this.targets.get(row.target);
    const rec = this.images.getUnchecked(row.image_id);
    const attempts = row.attempts + 1;
    const finish = (
      status: 'delivered' | 'failed',
      fields: { response_status?: number; location?: string; error?: string },
    ) =>
      this.db
        .prepare(
          'update deliveries set status = ?, attempts = ?, response_status = ?, location = ?, error = ?, finished_at = ? where id = ?',
        )
        .run(
          status,
          attempts,
          fields.response_status ?? null,
          fields.location ?? null,
          fields.error ?? null,
          Date.now(),
          row.id,
        );
    if (!target || !rec) {
      finish('failed', {
        error: target ? 'The image is gone (retention).' : `No target '${row.target}' is configured now.`,
      });
      return;
    }
    const pub = this.db.prepare('select origin from publications where id = ?').get(row.publication_id) as {
      origin: string;
    };
    try {
      const out = await deliver(target, {
        publication: row.publication_id,
        delivery: row.id,
        name: row.name,
        bytes: this.images.read(rec),
        contentType: TYPES[rec.format] ?? 'application/octet-stream',
        meta: JSON.parse(row.meta) as Record<string, unknown>,
        url: pub.origin + this.signer.path(rec.id),
      });
      finish('delivered', { response_status: out.status, location: out.where });
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message, false);
      if (e.retry && attempts < this.opts.attempts && !this.closed) {
        this.db
          .prepare('update deliveries set attempts = ?, response_status = ?, error = ? where id = ?')
          .run(attempts, e.status ?? null, e.message, row.id);
        const wait = this.opts.backoffMs * 2 ** (attempts - 1);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.attempt({ ...row, attempts });
        }, wait);
        this.timers.add(timer);
        return;
      }
      finish('failed', { response_status: e.status, error: e.message });
    }
  }
}
