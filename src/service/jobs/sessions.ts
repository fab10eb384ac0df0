import { ScalpelError, type EditPlan } from '../../index.js';
import type { Sql } from '../storage/sql.js';
import { newId } from '../storage/ids.js';
import { notFound, type ImageRecord } from '../storage/images.js';
import type { Job, JobStore } from './jobs.js';

export interface Version {
  id: string;
  parent: string | null;
  image_id: string;
  job_id: string | null;
  instruction: string | null;
  plan: EditPlan | null;
  created_at: number;
}

export interface Session {
  id: string;
  owner: string;
  head: string;
  created_at: number;
  versions: Version[];
}

/**
 * Editing sessions: a tree of versions, each the result of one edit of its parent. The head is the
 * version the next instruction applies to; undo moves it to the parent, redo to the newest child.
 */
export class SessionStore {
  constructor(
    private readonly sql: Sql,
    private readonly jobs: JobStore,
  ) {}

  async create(owner: string, image: ImageRecord): Promise<Session> {
    const id = newId('ses');
    // Together: a retention sweep between the two would take the version as an orphan.
    await this.sql.transaction(async (tx) => {
      const v = newId('ver');
      await tx.run('insert into sessions (id, owner, head, created_at) values (?, ?, ?, ?)', [
        id,
        owner,
        v,
        Date.now(),
      ]);
      await this.addVersion(tx, v, id, null, image.id, null);
    });
    return this.get(owner, id);
  }

  async get(owner: string, id: string): Promise<Session> {
    const row = await this.sql.get<Omit<Session, 'versions'>>(
      'select id, owner, head, created_at from sessions where id = ? and owner = ?',
      [id, owner],
    );
    if (!row) throw notFound('session', id);
    const rows = await this.sql.all<Omit<Version, 'plan'> & { plan: string | null }>(
      `select id, parent, image_id, job_id, instruction, plan, created_at from versions
       where session_id = ? order by created_at, rowid`,
      [id],
    );
    const versions: Version[] = rows.map(({ plan, ...v }) => ({
      ...v,
      plan: plan ? (JSON.parse(plan) as EditPlan) : null,
    }));
    return { ...row, versions };
  }

  headVersion(s: Session): Version {
    return s.versions.find((v) => v.id === s.head) as Version;
  }

  /** Moves the head to its parent. */
  undo(owner: string, id: string): Promise<Session> {
    return this.move(owner, id, (s) => {
      const parent = this.headVersion(s).parent;
      if (!parent) {
        throw new ScalpelError(
          'NOTHING_TO_UNDO',
          'The session is at its original image: there is nothing to undo.',
          { stage: 'request', details: { session: id } },
        );
      }
      return parent;
    });
  }

  /** Moves the head to its newest child. */
  redo(owner: string, id: string): Promise<Session> {
    return this.move(owner, id, (s) => {
      const child = s.versions.filter((v) => v.parent === s.head).at(-1);
      if (!child) {
        throw new ScalpelError('NOTHING_TO_REDO', 'No later version to go forward to.', {
          stage: 'request',
          details: { session: id },
        });
      }
      return child.id;
    });
  }

  /**
   * Moves the head from the one it read, and only from that one: two undos at once go back two
   * versions, as one after the other would, instead of both landing on the same parent.
   */
  private async move(owner: string, id: string, to: (s: Session) => string): Promise<Session> {
    for (;;) {
      const s = await this.get(owner, id);
      const next = to(s);
      const moved = await this.sql.run('update sessions set head = ? where id = ? and head = ?', [
        next,
        id,
        s.head,
      ]);
      if (moved) {
        this.jobs.events.emit(`session:${id}`, next);
        return this.get(owner, id);
      }
    }
  }

  /**
   * A finished session job becomes the new head, a child of the version it started from; once,
   * however often it is recorded (a result stored again after an outage reuses its version).
   */
  async jobDone(job: Job, out: ImageRecord | undefined): Promise<void> {
    if (!job.session_id || !job.base_version || !out) return;
    const known = await this.sql.get<{ id: string }>('select id from versions where job_id = ?', [job.id]);
    const v = known?.id ?? newId('ver');
    if (!known) await this.addVersion(this.sql, v, job.session_id, job.base_version, out.id, job);
    await this.sql.run('update sessions set head = ? where id = ?', [v, job.session_id]);
    this.jobs.events.emit(`session:${job.session_id}`, v);
  }

  private async addVersion(
    sql: Sql,
    id: string,
    sessionId: string,
    parent: string | null,
    imageId: string,
    job: Job | null,
  ): Promise<void> {
    await sql.run(
      `insert into versions (id, session_id, parent, image_id, job_id, instruction, plan, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        sessionId,
        parent,
        imageId,
        job?.id ?? null,
        job?.instruction ?? null,
        job ? JSON.stringify(job.plan) : null,
        Date.now(),
      ],
    );
  }
}
