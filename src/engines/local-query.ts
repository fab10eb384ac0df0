import { answerObject } from '../grounding/objects.js';
import { answerText } from '../grounding/text-answer.js';
import type { Raster } from '../image/raster.js';
import { detectObjects, loadDetector, type DetectedObject } from '../perception/detect.js';
import { loadOcr, readLines, type OcrLine } from '../perception/ocr.js';
import type { EditPlan, QueryStep, StepReport } from '../types.js';
import type { EngineContext } from './engine.js';

/**
 * Questions on the local engine: the detector for objects, OCR for text. Nothing is drawn, so the
 * step's region is empty and its edit mask all clear.
 */

/** What a plan's questions need loaded: called from warm() so loading counts as load_ms. */
export async function warmQueries(plan: EditPlan): Promise<void> {
  const queries = plan.steps.filter((s): s is QueryStep => s.op === 'query');
  await Promise.all([
    queries.some((s) => 'object' in s.target) ? loadDetector() : undefined,
    queries.some((s) => !('object' in s.target)) ? loadOcr() : undefined,
  ]);
}

/** Per-run memo: several questions on one image perceive it once. */
export interface Perceived {
  objects?: DetectedObject[];
  lines?: OcrLine[];
  /** The salient-subject matte (0..255). */
  matte?: Uint8Array;
}

export async function runQuery(
  img: Raster,
  step: QueryStep,
  seen: Perceived,
  ctx: EngineContext,
): Promise<StepReport> {
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
  return report;
}
