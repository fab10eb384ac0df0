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
    const v = await this.addVersion(id, null, image.id, null);
    await this.sql.run('insert into sessions (id, owner, head, created_at) values (?, ?, ?, ?)', [
      id,
      owner,
      v,
      Date.now(),
    ]);
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

  async undo(owner: string, id: string): Promise<Session> {
    const s = await this.get(owner, id);
    const parent = this.headVersion(s).parent;
    if (!parent) {
      throw new ScalpelError(
        'NOTHING_TO_UNDO',
        'The session is at its original image: there is nothing to undo.',
        {
          stage: 'request',
          details: { session: id },
        },
      );
    }
    await this.setHead(id, parent);
    return this.get(owner, id);
  }

  async redo(owner: string, id: string): Promise<Session> {
    const s = await this.get(owner, id);
    const child = s.versions.filter((v) => v.parent === s.head).at(-1);
    if (!child) {
      throw new ScalpelError('NOTHING_TO_REDO', 'No later version to go forward to.', {
        stage: 'request',
        details: { session: id },
      });
    }
    await this.setHead(id, child.id);
    return this.get(owner, id);
  }

  /** A finished session job becomes the new head, a child of the version it started from. */
  async jobDone(job: Job, out: ImageRecord | undefined): Promise<void> {
    if (!job.session_id || !job.base_version || !out) return;
    const v = await this.addVersion(job.session_id, job.base_version, out.id, job);
    await this.setHead(job.session_id, v);
  }

  private async addVersion(
    sessionId: string,
    parent: string | null,
    imageId: string,
    job: Job | null,
  ): Promise<string> {
    const id = newId('ver');
    await this.sql.run(
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
    return id;
  }

  private async setHead(sessionId: string, version: string): Promise<void> {
    await this.sql.run('update sessions set head = ? where id = ?', [version, sessionId]);
    this.jobs.events.emit(`session:${sessionId}`, version);
  }
}
