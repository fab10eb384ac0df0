import { ScalpelError } from '../../errors.js';
import { CONFIGURE_ENGINE } from '../../instruction/help.js';
import { countSet, dilate, maskBounds, type Mask } from '../../image/mask.js';
import type { Raster } from '../../image/raster.js';
import { inpaintPatchMatch } from '../../inpaint/patchmatch.js';
import { checkFill } from '../../quality/index.js';
import { invention } from '../../quality/surfaces.js';
import type { Box } from '../../types.js';

/**
 * Removes what a soft mask covers and fills the hole from the rest of the photo (multi-scale
 * PatchMatch; thin holes take Telea's fast path inside it). The hole is the mask grown by a margin
 * that scales with the object, so its anti-aliased rim and a little of its contact shadow go too.
 * If the fill fails the seam or colour check, it is retried once on a wider hole, and the better
 * of the two is kept (with a warning if neither passed). A fill that had to invent a layout (a thick
 * hole bordered by several surfaces) is reported as low_confidence whatever those checks say.
 */

export interface RemoveResult {
  raster: Raster;
  mask: Mask;
  region: Box;
  quality: Record<string, unknown>;
  details: Record<string, unknown>;
  warnings: string[];
}

/** Soft-mask level from which a pixel belongs to the object. */
const ALPHA_CUT = 24;
/**
 * Above this share of the image, a fill from the rest of the photo is invention, not repair (the
 * astronaut portrait, 57% person, came back as smeared flag and helmet): refused, not attempted.
 */
export const MAX_HOLE_SHARE = 0.4;

export async function removeMasked(
  img: Raster,
  alpha: Uint8Array,
  opts: { userMask?: Mask; objectBox: Box },
): Promise<RemoveResult> {
  const { width: w, height: h } = img;
  const core = new Uint8Array(w * h);
  for (let i = 0; i < core.length; i++) core[i] = alpha[i] >= ALPHA_CUT ? 1 : 0;
  const grow = Math.max(
    3,
    Math.min(24, Math.round(0.03 * Math.max(opts.objectBox.width, opts.objectBox.height))),
  );
  const attempt = async (r: number) => {
    const hole = dilate(core, w, h, r);
    // The user's mask bounds every change, dilation included.
    if (opts.userMask) for (let i = 0; i < hole.length; i++) hole[i] &= opts.userMask[i];
    const out = await inpaintPatchMatch(img, hole);
    return { hole, out, r, check: checkFill(img, out, hole) };
  };
  const share = countSet(core) / (w * h);
  if (share > MAX_HOLE_SHARE) {
    throw new ScalpelError(
      'NEEDS_GENERATIVE_ENGINE',
      `What would be removed covers ${Math.round(share * 100)}% of the image; filling that from the rest of ` +
        `the photo would invent most of it (the local engine fills holes up to ${MAX_HOLE_SHARE * 100}%). ` +
        `Give a smaller --mask, or use a generative engine. ${CONFIGURE_ENGINE}`,
      { stage: 'edit', details: { hole_share: Math.round(share * 1000) / 1000, max: MAX_HOLE_SHARE } },
    );
  }
  const warnings: string[] = [];
  let best = await attempt(grow);
  let attempts = 1;
  if (!best.check.passed) {
    const wider = await attempt(grow * 2);
    attempts = 2;
    if (wider.check.passed || wider.check.seam < best.check.seam) best = wider;
    if (!best.check.passed) {
      warnings.push(
        `The fill may show: ${best.check.failed.join(', ')} after a retry on a wider hole. Check the result, or give a --mask.`,
      );
    }
  }
  const holePx = countSet(best.hole);
  const made = invention(img, best.hole);
  if (made.invented) {
    warnings.push(
      `The removed area is ${made.thickness} px across and borders ${made.surfaces} different surfaces: a fill ` +
        `copied from the rest of the photo has to invent where they meet, and may look wrong. Check it, give a ` +
        `tighter --mask, or use a generative engine.`,
    );
  } else if (holePx > 0.25 * w * h) {
    warnings.push(
      `The hole is ${Math.round((100 * holePx) / (w * h))}% of the image: the fill invents a lot; check it.`,
    );
  }
  return {
    raster: best.out,
    mask: best.hole,
    region: maskBounds(best.hole, w, h) ?? { x: 0, y: 0, width: 0, height: 0 },
    quality: {
      seam: round(best.check.seam),
      colour_delta_e: round(best.check.colour_delta_e),
      checks_passed: best.check.passed,
      fill_spans_px: made.thickness,
      border_surfaces: made.surfaces,
      // What no seam or colour check sees: a large fill across several surfaces invents their layout.
      low_confidence: !best.check.passed || made.invented,
    },
    details: {
      method: 'patchmatch',
      hole_pixels: holePx,
      hole_fraction: round((holePx / (w * h)) * 100) / 100,
      grown_px: best.r,
      attempts,
    },
    warnings,
  };
}

const round = (v: number) => Math.round(v * 100) / 100;
