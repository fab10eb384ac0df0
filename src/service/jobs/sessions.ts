import { ScalpelError, type EditPlan } from '../../index.js';
import type { Db } from '../storage/db.js';
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
    private readonly db: Db,
    private readonly jobs: JobStore,
  ) {}

  create(owner: string, image: ImageRecord): Session {
    const id = newId('ses');
    const v = this.addVersion(id, null, image.id, null);
    this.db
      .prepare('insert into sessions (id, owner, head, created_at) values (?, ?, ?, ?)')
      .run(id, owner, v, Date.now());
    return this.get(owner, id);
  }

  get(owner: string, id: string): Session {
    const row = this.db.prepare('select * from sessions where id = ? and owner = ?').get(id, owner) as
      Omit<Session, 'versions'> | undefined;
    if (!row) throw notFound('session', id);
    const rows = this.db
      .prepare('select * from versions where session_id = ? order by created_at, rowid')
      .all(id) as (Omit<Version, 'plan'> & { plan: string | null; session_id: string })[];
    const versions: Version[] = rows.map(({ session_id: _s, plan, ...v }) => ({
      ...v,
      plan: plan ? (JSON.parse(plan) as EditPlan) : null,
    }));
    return { ...row, versions };
  }

  headVersion(s: Session): Version {
    return s.versions.find((v) => v.id === s.head) as Version;
  }

  undo(owner: string, id: string): Session {
    const s = this.get(owner, id);
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
    this.setHead(id, parent);
    return this.get(owner, id);
  }

  redo(owner: string, id: string): Session {
    const s = this.get(owner, id);
    const child = s.versions.filter((v) => v.parent === s.head).at(-1);
    if (!child) {
      throw new ScalpelError('NOTHING_TO_REDO', 'No later version to go forward to.', {
        stage: 'request',
        details: { session: id },
      });
    }
    this.setHead(id, child.id);
    return this.get(owner, id);
  }

  /** A finished session job becomes the new head, a child of the version it started from. */
  jobDone(job: Job, out: ImageRecord | undefined): void {
    if (!job.session_id || !job.base_version || !out) return;
    const v = this.addVersion(job.session_id, job.base_version, out.id, job);
    this.setHead(job.session_id, v);
  }

  private addVersion(sessionId: string, parent: string | null, imageId: string, job: Job | null): string {
    const id = newId('ver');
    this.db
      .prepare(
        `insert into versions (id, session_id, parent, image_id, job_id, instruction, plan, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        sessionId,
        parent,
        imageId,
        job?.id ?? null,
        job?.instruction ?? null,
        job ? JSON.stringify(job.plan) : null,
        Date.now(),
      );
    return id;
  }

  private setHead(sessionId: string, version: string): void {
    this.db.prepare('update sessions set head = ? where id = ?').run(version, sessionId);
    this.jobs.events.emit(`session:${sessionId}`, version);
  }
}
