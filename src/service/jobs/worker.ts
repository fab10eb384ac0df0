/**
 * A worker process: receives tasks over IPC, runs them with its own warm models, answers with the
 * images. Run by the pool with `fork`; a timeout or cancel kills the whole process.
 */
import { ScalpelError } from '../../index.js';
import type { WorkTask } from './executor.js';
import { runTask } from './work.js';

type Reply =
  | { type: 'preview'; jobId: string; image?: Uint8Array; report: unknown; source: 'edit' | 'result' }
  | { type: 'preview-failed'; jobId: string; error: unknown }
  | { type: 'done'; jobId: string; image?: Uint8Array; report: unknown }
  | { type: 'error'; jobId: string; error: unknown };

// The parent may be gone (killed mid-job): a send then fails with EPIPE, which would otherwise be an
// unhandled error; there is nobody left to answer, so leave quietly.
const send = (m: Reply) => {
  if (!process.connected) return process.exit(0);
  process.send?.(m, undefined, undefined, (err) => {
    if (err) process.exit(0);
  });
};

process.on('message', (task: WorkTask) => {
  runTask(task, {
    onPreview: (out) =>
      send({ type: 'preview', jobId: task.jobId, image: out.image, report: out.report, source: out.source }),
    onPreviewFailed: (error) => send({ type: 'preview-failed', jobId: task.jobId, error }),
  }).then(
    (out) => send({ type: 'done', jobId: task.jobId, image: out.image, report: out.report }),
    (err) => send({ type: 'error', jobId: task.jobId, error: ScalpelError.from(err).toJSON() }),
  );
});

// The parent went away: nothing left to work for.
process.on('disconnect', () => process.exit(0));
