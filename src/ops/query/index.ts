import { answerObject } from '../../grounding/objects.js';
import { answerText } from '../../grounding/text-answer.js';
import type { Raster } from '../../image/raster.js';
import { detectObjects, loadDetector } from '../../perception/detect.js';
import { loadOcr, readLines } from '../../perception/ocr.js';
import type { QueryStep, StepReport } from '../../types.js';
import type { OpContext, OpModule, Perceived, StepOutcome } from '../common/op.js';

/**
 * Questions on the local engine: the detector for objects, OCR for text. Nothing is drawn, so the
 * step's region is empty and its edit mask all clear.
 */
export const queryOp: OpModule<QueryStep> = { op: 'query', warm: warmQueries, run: runQuery };

/** What a plan's questions need loaded. */
async function warmQueries(queries: QueryStep[]): Promise<void> {
  await Promise.all([
    queries.some((s) => 'object' in s.target) ? loadDetector() : undefined,
    queries.some((s) => !('object' in s.target)) ? loadOcr() : undefined,
  ]);
}

async function runQuery(img: Raster, step: QueryStep, seen: Perceived, ctx: OpContext): Promise<StepOutcome> {
  const report: StepReport = {
    op: 'query',
    target: step.target,
    region: { x: 0, y: 0, width: 0, height: 0 },
    engine: 'local',
    quality: { outside_changed_pixels: 0, changed_pixels: 0 },
    warnings: [],
    details: {},
    answer: { exists: false, objects: [] },
  };
  if ('object' in step.target) {
    seen.objects ??= await ctx.time('detect_ms', () => detectObjects(img));
    const { answer, found } = answerObject(seen.objects, step.target.object);
    report.answer = answer;
    report.details = { detector: 'centernet (COCO-80)', found };
  } else {
    seen.lines ??= await ctx.time('ocr_ms', () => readLines(img));
    report.answer = answerText(seen.lines, step.target);
    report.details = { found: seen.lines.map((l) => l.text) };
  }
  if (ctx.mask) report.warnings.push('A question reads the whole image: --mask was ignored.');
  return { raster: img, mask: new Uint8Array(img.width * img.height), report };
}
