import { ScalpelError } from '../../errors.js';
import { OBJECT_THRESHOLD } from '../../grounding/objects.js';
import { choose, overlapShare, regionBox } from '../../grounding/pick.js';
import { groundTarget, type Grounded } from '../../grounding/target.js';
import type { Raster } from '../../image/raster.js';
import { removeMasked } from './masked.js';
import { detectObjects } from '../../perception/detect.js';
import { OCR_MAX_SIDE, readLines } from '../../perception/ocr.js';
import { withTiltedLines } from '../../perception/ocr-tilted.js';
import { findText } from '../../grounding/text.js';
import type { RemoveStep } from '../../types.js';
import { loadGrounding } from '../common/grounding-needs.js';
import { finish, found, type Raw } from '../common/object-step.js';
import type { OpContext, OpModule, Perceived } from '../common/op.js';
import { linesIn, removeText } from './text.js';

/** Whatever the target names is taken out and the picture behind it continued. */
export const removeOp: OpModule<RemoveStep> = {
  op: 'remove',
  warm: (steps) => loadGrounding(steps.map((s) => s.target)),
  run: async (img, step, seen, ctx) => finish(img, step, await remove(img, step, seen, ctx), seen, ctx),
};

/** Longest side the second, harder look for a watermark reads at. */
const FULL_SIDE = 1536;

/**
 * Routing a removal: text and watermarks go through the text erase, a part of the frame takes its
 * text first and else the object there, anything else is grounded to a mask and filled.
 */
async function remove(img: Raster, step: RemoveStep, seen: Perceived, ctx: OpContext): Promise<Raw> {
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
    // A tiled or tilted mark reads as fragments ('MPL', 'AMPLE'): read again along its tilt, and
    // find the copies detection missed, when a watermark is asked for or the quoted text is not whole.
    const whole = t.kind === 'text' && findText(lines, t.text).some((m) => m.similarity === 1);
    if (t.kind === 'watermark' || (t.kind === 'text' && !whole))
      lines = seen.lines = await ctx.time('ocr_ms', () => withTiltedLines(img, lines));
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

async function removeGrounded(img: Raster, g: Grounded, ctx: OpContext): Promise<Raw> {
  const r = await ctx.time('edit_ms', () =>
    removeMasked(img, g.alpha, { userMask: ctx.mask, objectBox: g.box }),
  );
  return {
    ...r,
    details: { target_found: found(g), ...r.details },
    warnings: [...g.warnings, ...r.warnings],
  };
}
