import type { Sql } from '../storage/sql.js';
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
    private readonly sql: Sql,
    private readonly images: ImageStore,
    private readonly signer: UrlSigner,
    readonly targets: Map<string, PublishTarget>,
    private readonly opts: { attempts: number; backoffMs: number },
  ) {}

  async start(
    owner: string,
    origin: string,
    source: Record<string, unknown>,
    items: PublishItem[],
    targets: string[],
  ): Promise<string> {
    const id = newId('pub');
    const now = Date.now();
    await this.sql.transaction(async (tx) => {
      await tx.run(
        'insert into publications (id, owner, origin, source, created_at) values (?, ?, ?, ?, ?)',
        [id, owner, origin, JSON.stringify(source), now],
      );
      for (const target of targets)
        for (const item of items)
          await tx.run(
            `insert into deliveries (id, publication_id, target, name, image_id, meta, status, created_at)
             values (?, ?, ?, ?, ?, ?, 'pending', ?)`,
            [newId('dlv'), id, target, item.name, item.record.id, JSON.stringify(item.meta), now],
          );
    });
    for (const row of await this.rows(id)) this.attempt(row);
    return id;
  }

  /** Picks up deliveries a stopped server left pending. */
  async resume(): Promise<number> {
    const rows = await this.sql.all<DeliveryRow>("select * from deliveries where status = 'pending'");
    for (const row of rows) this.attempt(row);
    return rows.length;
  }

  async view(owner: string, id: string) {
    const pub = await this.sql.get<{ id: string; source: string; created_at: number }>(
      'select * from publications where id = ? and owner = ?',
      [id, owner],
    );
    if (!pub) return undefined;
    const rows = await this.rows(id);
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

  private rows(publication: string): Promise<DeliveryRow[]> {
    return this.sql.all<DeliveryRow>(
      'select * from deliveries where publication_id = ? order by target, name',
      [publication],
    );
  }

  private attempt(row: DeliveryRow): void {
    if (this.closed) return;
    void this.once(row).catch(() => undefined);
  }

  private async once(row: DeliveryRow): Promise<void> {
    const target = this.targets.get(row.target);
    const rec = await this.images.getUnchecked(row.image_id);
    const attempts = row.attempts + 1;
    const finish = (
      status: 'delivered' | 'failed',
      fields: { response_status?: number; location?: string; error?: string },
    ) =>
      this.sql.run(
        'update deliveries set status = ?, attempts = ?, response_status = ?, location = ?, error = ?, finished_at = ? where id = ?',
        [
          status,
          attempts,
          fields.response_status ?? null,
          fields.location ?? null,
          fields.error ?? null,
          Date.now(),
          row.id,
        ],
      );
    if (!target || !rec) {
      await finish('failed', {
        error: target ? 'The image is gone (retention).' : `No target '${row.target}' is configured now.`,
      });
      return;
    }
    const pub = (await this.sql.get<{ origin: string }>('select origin from publications where id = ?', [
      row.publication_id,
    ]))!;
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
      await finish('delivered', { response_status: out.status, location: out.where });
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message, false);
      if (e.retry && attempts < this.opts.attempts && !this.closed) {
        await this.sql.run(
          'update deliveries set attempts = ?, response_status = ?, error = ? where id = ?',
          [attempts, e.status ?? null, e.message, row.id],
        );
        const wait = this.opts.backoffMs * 2 ** (attempts - 1);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.attempt({ ...row, attempts });
        }, wait);
        this.timers.add(timer);
        return;
      }
      await finish('failed', { response_status: e.status, error: e.message });
    }
  }
}
