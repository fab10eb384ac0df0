import { ScalpelError } from '../../errors.js';
import { groundTarget, type Seen } from '../../grounding/target.js';
import { groundText } from '../../grounding/text.js';
import type { Mask } from '../../image/mask.js';
import { maskBounds } from '../../image/mask.js';
import type { Raster } from '../../image/raster.js';
import { loadDetector } from '../../perception/detect.js';
import { loadMatte } from '../../perception/matte.js';
import { loadOcr, readLines, type OcrLine } from '../../perception/ocr.js';
import { loadPeople } from '../../perception/people.js';
import type { Box, EditPlan, EditStep, Quad } from '../../types.js';

/**
 * Where a step sent to a generative engine may change pixels, found with the local models before the
 * model is called (so a target that is not there is TARGET_NOT_FOUND, and costs no call). A step on
 * the whole frame (an edit with no place named, a tone adjustment) is global.
 */
export interface Located {
  global: boolean;
  /** 1 where the model's pixels may land; absent when global. */
  region?: Mask;
  box?: Box;
  found?: Record<string, unknown>;
  warnings: string[];
}

export interface Perceived extends Seen {
  lines?: OcrLine[];
}

export async function locate(
  img: Raster,
  step: EditStep,
  seen: Perceived,
  userMask?: Mask,
): Promise<Located> {
  if (step.op === 'query' || step.op === 'add') {
    throw new ScalpelError('INTERNAL', `A generative engine does not run '${step.op}' steps.`, {
      stage: 'edit',
    });
  }
  if (step.op === 'adjust')
    return userMask
      ? fromMask(
          img,
          userMask.map((v) => (v ? 1 : 0)),
          { label: 'mask', source: '--mask' },
        )
      : { global: true, warnings: [] };
  if (step.op === 'replace-text') return texts(img, seen, step.target.text, step.target.nth, userMask);
  const t = step.target;
  if (t.kind === 'image' && !userMask) return { global: true, warnings: [] };
  if (t.kind === 'text') return texts(img, seen, t.text, t.nth, userMask);
  if (t.kind === 'watermark') return texts(img, seen, '', undefined, userMask);
  const target = t.kind === 'image' ? { kind: 'mask' as const, phrase: t.phrase } : t;
  const g = await groundTarget(img, target, seen, userMask);
  // Around the thing (在沙发上加一只猫, 给她戴一顶帽子): its box grown by 30% of its size on each side.
  const around = step.op === 'edit' && step.params.around === true;
  const region = around
    ? boxMask(g.box, 0.3, img.width, img.height, userMask)
    : g.alpha.map((a) => (a >= 128 ? 1 : 0));
  return {
    ...fromMask(img, region, { label: g.label, box: g.box, confidence: g.confidence, source: g.source }),
    warnings: g.warnings,
  };
}

/** A named text's lines, or every line (a watermark, a caption): OCR first, the same as the local engine. */
async function texts(img: Raster, seen: Perceived, text: string, nth: number | undefined, user?: Mask) {
  seen.lines ??= await readLines(img);
  const quads =
    text !== '' ? groundText(seen.lines, text, nth).map((m) => m.line.quad) : seen.lines.map((l) => l.quad);
  if (quads.length === 0) {
    throw new ScalpelError('TARGET_NOT_FOUND', 'No text was found in the image.', {
      stage: 'ground',
      details: { found: [] },
    });
  }
  return fromMask(img, quadMask(quads, img.width, img.height, user), { label: 'text', lines: quads.length });
}

function fromMask(img: Raster, region: Mask, found: Record<string, unknown>): Located {
  const box = maskBounds(region, img.width, img.height);
  if (!box) {
    throw new ScalpelError('TARGET_NOT_FOUND', 'The target was found but covers no pixel.', {
      stage: 'ground',
      details: { found },
    });
  }
  return { global: false, region, box, found, warnings: [] };
}

function boxMask(box: Box, grow: number, w: number, h: number, user?: Mask): Mask {
  const m = new Uint8Array(w * h);
  const gx = Math.round(box.width * grow);
  const gy = Math.round(box.height * grow);
  const x0 = Math.max(0, box.x - gx);
  const y0 = Math.max(0, box.y - gy);
  const x1 = Math.min(w, box.x + box.width + gx);
  const y1 = Math.min(h, box.y + box.height + gy);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (!user || user[y * w + x]) m[y * w + x] = 1;
  return m;
}

/** Text lines' quads as a mask (their bounding boxes, a little padded: glyph edges and shadows). */
function quadMask(quads: Quad[], w: number, h: number, user?: Mask): Mask {
  const m = new Uint8Array(w * h);
  for (const q of quads) {
    const xs = q.map((p) => p[0]);
    const ys = q.map((p) => p[1]);
    const pad = Math.ceil((Math.max(...ys) - Math.min(...ys)) * 0.15);
    const x0 = Math.max(0, Math.floor(Math.min(...xs)) - pad);
    const y0 = Math.max(0, Math.floor(Math.min(...ys)) - pad);
    const x1 = Math.min(w, Math.ceil(Math.max(...xs)) + pad);
    const y1 = Math.min(h, Math.ceil(Math.max(...ys)) + pad);
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) if (!user || user[y * w + x]) m[y * w + x] = 1;
  }
  return m;
}

/** Loads what locating the plan's steps needs, so it counts as load time. */
export async function warmLocate(plan: EditPlan): Promise<void> {
  const targets = plan.steps.flatMap((s) => (s.op === 'query' || s.op === 'replace-text' ? [] : [s.target]));
  const kinds = [
    ...targets.map((t) => t.kind),
    ...(plan.steps.some((s) => s.op === 'replace-text') ? ['text'] : []),
  ];
  const objects = targets.flatMap((t) => (t.kind === 'object' ? [t.label] : []));
  await Promise.all([
    objects.length || kinds.includes('region') ? loadDetector() : undefined,
    objects.includes('person') ? loadPeople() : undefined,
    kinds.some((k) => k === 'subject' || k === 'background' || k === 'region') ||
    objects.some((l) => l !== 'person')
      ? loadMatte()
      : undefined,
    kinds.some((k) => k === 'text' || k === 'watermark') ? loadOcr() : undefined,
  ]);
}
