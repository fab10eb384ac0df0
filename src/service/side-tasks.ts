import type { EditPlan } from '../index.js';
import { exportPresets, type Exported } from '../runtime/export.js';
import type { ImageFormat } from '../image/io.js';
import { wherePlan, type StepWhere } from '../runtime/where.js';

/** Work the locator process does beside the edit workers: quick, read-only uses of the models. */
export type SideTask =
  | { kind: 'where'; image: Uint8Array; mask?: Uint8Array; plan: EditPlan; maxPixels: number }
  | { kind: 'export'; image: Uint8Array; presets: string[]; format?: ImageFormat; maxPixels: number };

export type SideResult<T extends SideTask> = T extends { kind: 'where' } ? StepWhere[] : Exported[];

export async function runSideTask(task: SideTask): Promise<StepWhere[] | Exported[]> {
  const image = Buffer.from(task.image);
  if (task.kind === 'where') {
    const mask = task.mask ? Buffer.from(task.mask) : undefined;
    return wherePlan(image, task.plan, { mask, maxPixels: task.maxPixels });
  }
  return exportPresets(image, task.presets, { format: task.format, maxPixels: task.maxPixels });
}
