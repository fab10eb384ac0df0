import { groundText } from '../../grounding/text.js';
import { groundRole } from '../../grounding/text-role.js';
import { countSet, maskBounds } from '../../image/mask.js';
import type { Raster } from '../../image/raster.js';
import { readQuad, type OcrLine } from '../../perception/ocr.js';
import type { ReplaceTextStep, StepReport } from '../../types.js';
import { countChangedOutside, orInto } from '../common/masks.js';
import type { OpContext, StepOutcome } from '../common/op.js';
import type { LineCheck } from './check.js';
import { replaceText } from './redraw.js';
import { colourDistance, judgeReadback, readbackOk, type Readback } from './readback.js';
import { asTheUserSaysIt, newTextFor } from './target.js';

/**
 * Every occurrence the step names, erased and redrawn in turn. An occurrence the self-check doubts is
 * redrawn once more; each is read back by OCR in `checks`, which completes the report.
 */
export async function runReplaceText(
  img: Raster,
  step: ReplaceTextStep,
  lines: OcrLine[],
  ctx: OpContext,
): Promise<StepOutcome> {
  const { role } = step.target;
  const byRole = role ? groundRole(lines, role, step.target.phrase ?? role, img.height) : undefined;
  const matches = byRole?.matches ?? groundText(lines, step.target.text, step.target.nth);
  const warnings: string[] = [...(byRole?.warnings ?? [])];
  if (matches.length > 1) {
    warnings.push(`'${step.target.text}' appears ${matches.length} times; every occurrence was replaced.`);
  }
  if (matches.some((m) => m.similarity < 1)) {
    warnings.push(
      `No exact match for '${step.target.text}'; edited the closest OCR reading '${[...matches[0].line.text].slice(matches[0].start, matches[0].end).join('')}'.`,
    );
  }
  let current = img;
  const mask = new Uint8Array(img.width * img.height);
  const occurrences: Record<string, unknown>[] = [];
  const readbacks: Readback[] = [];
  const colour: number[] = [];
  let readingBack = Promise.resolve();
  let retried = false;
  let doubtful = false;
  for (const m of matches) {
    const seen = m.similarity < 1 ? asTheUserSaysIt(m, step.target.text) : undefined;
    const target = {
      quad: m.line.quad,
      lineText: seen?.text ?? m.line.text,
      positions: seen?.positions ?? m.line.positions,
      start: m.start,
      end: seen?.end ?? m.end,
      others: lines.filter((l) => l !== m.line).map((l) => l.quad),
    };
    const before = current;
    const params = { ...step.params, text: newTextFor(step, m) };
    let r = await ctx.time('edit_ms', () => replaceText(before, target, params, ctx.mask));
    if (r.check.doubts.length) {
      // One retry, with the detector's angle, a wider erase and the check's remedy; the
      // better-judged attempt stays.
      const again = await ctx.time('edit_ms', () =>
        replaceText(before, target, params, ctx.mask, 'patchmatch', r.check.remedy),
      );
      const smooth = again.details.fill_method === 'membrane';
      const how = [
        'the detected angle',
        'a wider erase',
        smooth && 'a smooth fill',
        r.check.remedy.ghost && 'the shadow erased',
      ];
      warnings.push(`Self-check: ${r.check.doubts.join('; ')}; retried with ${listed(how)}.`);
      const turned = Math.abs(r.check.angle_delta_deg);
      if (worseThan(r.check, again.check)) {
        r = again;
        // The retry drew at the detector's angle; far from the fit, nothing confirms which is right.
        if (turned > TURNED_DEG) {
          warnings.push(
            `The retry drew the line at the detected angle, ${turned}° from the fitted one: check it.`,
          );
          doubtful = true;
        }
      }
      if (r.check.doubts.length) warnings.push(`Self-check after the retry: ${r.check.doubts.join('; ')}.`);
      retried = true;
    }
    doubtful ||= r.check.doubts.length > 0;
    current = r.raster;
    orInto(mask, r.mask, img.width, r.region);
    warnings.push(...r.warnings);
    occurrences.push({
      ...r.details,
      region: r.region,
      ocr_confidence: round(m.line.score),
      match_similarity: round(m.similarity),
      check: {
        residue: r.check.residue,
        angle_delta_deg: r.check.angle_delta_deg,
        fit_match: r.check.fit_match,
        blotch: r.check.blotch,
        shadow_left: r.check.shadow ?? null,
      },
    });
    // Read-back runs in onnxruntime's threads while this thread goes on with the next occurrence
    // and the pixel checks; calls stay chained so one session never runs twice at once.
    const after = current;
    const drawn = r.readback;
    readingBack = readingBack.then(async () => {
      const read = await ctx.time('readback_ms', () => readQuad(after, drawn.quad));
      const record = judgeReadback(read, drawn, params.text);
      readbacks.push(record);
      if (!readbackOk(record))
        warnings.push(`Read-back found '${read.text}' where '${drawn.expected}' was drawn.`);
    });
    // Marked handled here so that an earlier failure elsewhere cannot leave it unhandled; the
    // await below still rethrows it.
    readingBack.catch(() => undefined);
    if (r.targetRgb) {
      const target = r.targetRgb;
      colour.push(
        await ctx.time('quality_ms', async () => colourDistance(after, r.fillMask, target, r.region)),
      );
    }
  }
  const { outside, region, changed } = await ctx.time('quality_ms', async () => ({
    outside: countChangedOutside(img, current, mask),
    region: maskBounds(mask, img.width, img.height) ?? { x: 0, y: 0, width: 0, height: 0 },
    changed: countSet(mask),
  }));
  const report: StepReport = {
    op: 'replace-text',
    target: step.target,
    region,
    engine: 'local',
    quality: {
      // Filled in by `checks` below, once the read-back has run.
      readback: null,
      readback_ok: false,
      // True when a self-check still doubts the edit after its retry, or the read-back failed.
      low_confidence: doubtful,
      retried,
      color_delta_e: colour.length ? round(Math.max(...colour)) : null,
      outside_changed_pixels: outside,
      changed_pixels: changed,
    },
    warnings,
    details: { occurrences },
  };
  const checks = readingBack.then(() => {
    report.quality.readback = readbacks.length === 1 ? readbacks[0] : readbacks;
    report.quality.readback_ok = readbacks.every(readbackOk);
    report.quality.low_confidence = doubtful || !report.quality.readback_ok;
  });
  // A later step may fail before anyone awaits this: mark it handled; the runtime still sees it.
  checks.catch(() => undefined);
  return { raster: current, mask, report, checks };
}

/** A retry drawn this many degrees from the fitted angle is not trusted without a look. */
const TURNED_DEG = 1.5;

/**
 * Whether the retry `b` clears doubts the first attempt `a` had. Only then does it replace it: the
 * detected angle is a fallback, and with the same doubts the fitted angle usually drew better.
 */
function worseThan(a: LineCheck, b: LineCheck): boolean {
  return b.doubts.length < a.doubts.length;
}

const listed = (parts: (string | false | undefined)[]) => {
  const p = parts.filter((x): x is string => Boolean(x));
  return p.length > 1 ? `${p.slice(0, -1).join(', ')} and ${p[p.length - 1]}` : p.join('');
};

const round = (v: number) => Math.round(v * 100) / 100;
