/**
 * The locator process: where a plan would act (`POST /v1/plan` with an image) and platform exports
 * (`POST /v1/exports`), with its own warm models, so neither takes an edit worker nor waits behind
 * the queue.
 */
import { ScalpelError } from '../../index.js';
import { runSideTask, type SideTask } from './side-tasks.js';

process.on('message', (task: SideTask & { id: number }) => {
  runSideTask(task).then(
    (result) => process.send?.({ id: task.id, result }),
    (err) => process.send?.({ id: task.id, error: ScalpelError.from(err).toJSON() }),
  );
});

process.on('disconnect', () => process.exit(0));
