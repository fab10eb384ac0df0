import type { LabelCorner } from '../../provenance/visible.js';
import type { EditPlan } from '../../index.js';
import { exportPresets, type Exported } from '../../runtime/export.js';
import type { ImageFormat } from '../../image/io.js';
import { wherePlan, type StepWhere } from '../../runtime/where.js';
import { decodeImage } from '../../image/io.js';
import { screenImage } from '../../safety/gate.js';

/** Work the locator process does beside the edit workers: quick, read-only uses of the models. */
export type SideTask =
  | {
      kind: 'where';
      image: Uint8Array;
      mask?: Uint8Array;
      asset?: Uint8Array;
      plan: EditPlan;
      maxPixels: number;
    }
  | {
      kind: 'export';
      image: Uint8Array;
      presets: string[];
      format?: ImageFormat;
      maxPixels: number;
      visibleLabel?: LabelCorner;
    }
  | { kind: 'screen'; image: Uint8Array; maxPixels: number };

export type SideResult<T extends SideTask> = T extends { kind: 'where' }
  ? StepWhere[]
  : T extends { kind: 'export' }
    ? Exported[]
    : true;

export async function runSideTask(task: SideTask): Promise<StepWhere[] | Exported[] | true> {
  const image = Buffer.from(task.image);
  if (task.kind === 'screen') {
    // An image sent on as it is (publishing an upload): refused as an edit's input would be.
    await screenImage((await decodeImage(image, task.maxPixels)).raster, true);
    return true;
  }
  if (task.kind === 'where') {
    const buf = (b?: Uint8Array) => (b ? Buffer.from(b) : undefined);
    return wherePlan(image, task.plan, {
      mask: buf(task.mask),
      asset: buf(task.asset),
      maxPixels: task.maxPixels,
    });
  }
  return exportPresets(image, task.presets, {
    format: task.format,
    maxPixels: task.maxPixels,
    visibleLabel: task.visibleLabel,
  });
}
