/**
 * The locator process: grounds plans for `POST /v1/plan` with an image (where each step would act),
 * with its own warm models, so a preview never takes an edit worker nor waits behind a queue.
 */
import { ScalpelError } from '../index.js';
import { wherePlan } from '../runtime/where.js';
import type { LocateTask } from './locator.js';

process.on('message', (task: LocateTask) => {
  const mask = task.mask ? Buffer.from(task.mask) : undefined;
  wherePlan(Buffer.from(task.image), task.plan, { mask, maxPixels: task.maxPixels }).then(
    (steps) => process.send?.({ id: task.id, steps }),
    (err) => process.send?.({ id: task.id, error: ScalpelError.from(err).toJSON() }),
  );
});

process.on('disconnect', () => process.exit(0));
