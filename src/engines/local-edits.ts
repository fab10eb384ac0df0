import { ScalpelError } from '../errors.js';
import { groundTarget, type Grounded } from '../grounding/target.js';
import { OBJECT_THRESHOLD } from '../grounding/objects.js';
import { overlapShare, regionBox, choose } from '../grounding/pick.js';
import { countSet, maskBounds, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { adjust } from '../ops/adjust.js';
import { overlay } from '../ops/overlay.js';
import { recolor } from '../ops/recolor.js';
import { removeMasked } from '../ops/remove.js';
import { replaceBackground } from '../ops/replace-background.js';
import { detectObjects, loadDetector } from '../perception/detect.js';
import { loadPeople } from '../perception/people.js';
import { loadFont, FONT_IDS } from '../text/fonts.js';
import { loadMatte, matteSubject } from '../perception/matte.js';
import { loadOcr, OCR_MAX_SIDE, readLines } from '../perception/ocr.js';
import type {
  AddStep,
  EditPlan,
  AdjustStep,
  RecolorStep,
  RemoveStep,
  ReplaceBackgroundStep,
  StepReport,
} from '../types.js';
import type { EngineContext } from './engine.js';
import { countChangedOutside } from './local-checks.js';
import type { Perceived } from './local-query.js';
import { linesIn, removeText } from './local-text-remove.js';

/** One step's result on the local engine: the new image, where it may differ, and the report. */
export interface StepOutcome {
  raster: Raster;
  mask: Mask;
  report: StepReport;
}

/** Longest side the second, harder look for a watermark reads at. */
const FULL_SIDE = 1536;

type ObjectStep = RemoveStep | RecolorStep | ReplaceBackgroundStep | AddStep | AdjustStep;

export async function runObjectStep(
  img: Raster,
  step: ObjectStep,
  seen: Perceived,
  ctx: EngineContext,
): Promise<StepOutcome> {
  const r = await run(img, step, seen, ctx);
  const { raster, mask } = ctx.mask && !r.global ? keepInside(img, r.raster, r.mask, ctx.mask) : r;
  const region = maskBounds(mask, img.width, img.height) ?? { x: 0, y: 0, width: 0, height: 0 };
  const outside = await ctx.time('quality_ms', async () => countChangedOutside(img, raster, mask));
  return {
    raster,
    mask,
    report: {
      op: step.op,
      target: step.target,
      region,
      engine: 'local',
      quality: { ...r.quality, outside_changed_pixels: outside, changed_pixels: countSet(mask) },
      warnings: r.warnings,
      details: { ...(r.global ? { global: true } : {}), ...r.details },
    },
  };
}

interface Raw {
  raster: Raster;
  mask: Mask;
  quality: Record<string, unknown>;
  details: Record<string, unknown>;
  warnings: string[];
  global?: boolean;
}

async function run(img: Raster, step: ObjectStep, seen: Perceived, ctx: EngineContext): Promise<Raw> {
  switch (step.op) {
    case 'remove':
      return remove(img, step, seen, ctx);
    case 'recolor': {
      const t = step.target;
      if (t.kind === 'text' || t.kind === 'watermark') throw textNotObject(t.phrase);
      const g = await ctx.time('ground_ms', () => groundTarget(img, t, seen, ctx.mask));
      const r = await ctx.time('edit_ms', async () => recolor(img, g.alpha, step.params.color.rgb));
      return {
        ...r,
        quality: pick(r.details, ['hue_error_deg', 'luminance_ssim']),
        details: { target_found: found(g), ...r.details },
        warnings: [...g.warnings, ...r.warnings],
      };
    }
    case 'replace-background': {
      seen.matte ??= await ctx.time('matte_ms', () => matteSubject(img));
      const g = await ctx.time('ground_ms', () => groundTarget(img, step.target, seen, undefined));
      const r = await ctx.time('edit_ms', async () =>
        replaceBackground(img, seen.matte as Uint8Array, step.params.fill, {
          shadow: step.params.shadow,
          asset: ctx.asset,
        }),
      );
      return { ...r, quality: {}, details: { target_found: found(g), ...r.details } };
    }
    case 'add': {
      const r = await ctx.time('edit_ms', async () =>
        overlay(img, step.params, step.target.anchor, ctx.asset),
      );
      return { ...r, quality: {} };
    }
    case 'adjust': {
      const r = await ctx.time('edit_ms', async () => adjust(img, step.params.preset, step.params.strength));
      return { ...r, mask: new Uint8Array(img.width * img.height).fill(1), quality: {}, global: !ctx.mask };
    }
  }
}

async function remove(img: Raster, step: RemoveStep, seen: Perceived, ctx: EngineContext): Promise<Raw> {
  const t = step.target;
  if (t.kind === 'background') {
    throw new ScalpelError(
      'UNSUPPORTED_INSTRUCTION',
      'Say what the background becomes: 背景换成纯白 / replace the background with white / blur the background.',
      { stage: 'ground', details: { target: t } },
    );
  }
  if (t.kind === 'text' || t.kind === 'watermark' || t.kind === 'region') {
    let lines = (seen.lines ??= await ctx.time('ocr_ms', () => readLines(img)));
    const anchor = t.kind === 'text' ? undefined : t.anchor;
    // A watermark is often faint text on texture that detection at working size misses (white on
    // grass): when none is found where asked, look again at full resolution before giving up.
    if (t.kind !== 'text' && linesIn(lines, anchor, img.width, img.height).length === 0) {
      const side = Math.min(FULL_SIDE, Math.max(img.width, img.height));
      if (side > OCR_MAX_SIDE) lines = seen.lines = await ctx.time('ocr_ms', () => readLines(img, side));
    }
    // 擦掉右下角: text there first (the usual case is a watermark), else an object there.
    if (t.kind !== 'region' || linesIn(lines, t.anchor, img.width, img.height).length > 0) {
      const r = await removeText(img, step, lines, ctx);
      return { ...r };
    }
    seen.objects ??= await ctx.time('detect_ms', () => detectObjects(img));
    const region = regionBox(t.anchor, img.width, img.height);
    const there = seen.objects.filter(
      (d) => d.score >= OBJECT_THRESHOLD && overlapShare(d.box, region) >= 0.5,
    );
    if (there.length === 0) {
      throw new ScalpelError(
        'TARGET_NOT_FOUND',
        `Nothing to remove was found in the ${t.anchor} part of the image: no text and no detected object. Draw what to remove with --mask.`,
        {
          stage: 'ground',
          details: {
            target: t,
            found_text: lines.map((l) => l.text),
            found_objects: seen.objects.filter((d) => d.score >= OBJECT_THRESHOLD).map((d) => d.label),
          },
        },
      );
    }
    const { chosen } = choose(
      there.map((d) => ({ ...d, confidence: d.score })),
      undefined,
      img,
      'object',
    );
    return removeGrounded(
      img,
      await ctx.time('ground_ms', () =>
        groundTarget(img, { kind: 'object', label: chosen.label, phrase: t.phrase }, seen, ctx.mask),
      ),
      ctx,
    );
  }
  const g = await ctx.time('ground_ms', () => groundTarget(img, t, seen, ctx.mask));
  return removeGrounded(img, g, ctx);
}

async function removeGrounded(img: Raster, g: Grounded, ctx: EngineContext): Promise<Raw> {
  const r = await ctx.time('edit_ms', () =>
    removeMasked(img, g.alpha, { userMask: ctx.mask, objectBox: g.box }),
  );
  return {
    ...r,
    details: { target_found: found(g), ...r.details },
    warnings: [...g.warnings, ...r.warnings],
  };
}

/** Pixels outside the user's mask go back to the input; the op's mask shrinks to match. */
function keepInside(before: Raster, after: Raster, mask: Mask, user: Mask): { raster: Raster; mask: Mask } {
  const data = new Uint8Array(after.data);
  const m = new Uint8Array(mask.length);
  for (let i = 0; i < m.length; i++) {
    if (user[i]) m[i] = mask[i];
    else data.set(before.data.subarray(i * 4, i * 4 + 4), i * 4);
  }
  return { raster: { data, width: after.width, height: after.height }, mask: m };
}

function found(g: Grounded) {
  return {
    label: g.label,
    box: g.box,
    confidence: g.confidence,
    source: g.source,
    ...(g.reason ? { chosen: g.reason } : {}),
    ...(g.candidates.length > 1 ? { candidates: g.candidates } : {}),
  };
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

function textNotObject(phrase: string): ScalpelError {
  return new ScalpelError(
    'UNSUPPORTED_INSTRUCTION',
    `Recolouring text ("${phrase}") as an object is not supported: draw the text with --mask and say 把这里换成红色 / make this red.`,
    { stage: 'ground' },
  );
}

/** Loads what the plan's object-level steps need, so loading counts as load_ms and not edit time. */
export async function warmEdits(plan: EditPlan): Promise<void> {
  const targets = plan.steps.flatMap((s) =>
    s.op === 'remove' || s.op === 'recolor' || s.op === 'replace-background' ? [s.target] : [],
  );
  const objects = targets.filter((t) => t.kind === 'object');
  const text = targets.some((t) => t.kind === 'text' || t.kind === 'watermark' || t.kind === 'region');
  const matte =
    targets.some((t) => t.kind === 'subject' || t.kind === 'background' || t.kind === 'region') ||
    objects.some((t) => t.label !== 'person');
  await Promise.all([
    objects.length || targets.some((t) => t.kind === 'region') ? loadDetector() : undefined,
    objects.some((t) => t.label === 'person') ? loadPeople() : undefined,
    matte ? loadMatte() : undefined,
    text ? loadOcr() : undefined,
  ]);
  if (text) for (const id of FONT_IDS) loadFont(id);
  if (plan.steps.some((s) => s.op === 'add' && s.params.content.kind === 'text')) loadFont('sans-bold');
}
