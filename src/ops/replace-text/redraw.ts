import { maskBounds, type Mask } from '../../image/mask.js';
import { clampBox, cropRaster, unionBox, type Raster } from '../../image/raster.js';
import { fillFlat } from '../../inpaint/flat.js';
import { fillPlane } from '../../inpaint/plane.js';
import { inpaintPatchMatch } from '../../inpaint/patchmatch.js';
import { inpaintTelea } from '../../inpaint/telea.js';
import { fillMembrane } from '../../inpaint/membrane.js';
import { eraseMask, oldGlyphs, widenErase } from '../../text/erase.js';
import type { Quad } from '../../types.js';
import { renderText } from '../../text/render.js';
import type { Box, ReplaceTextStep } from '../../types.js';
import { composite } from './composite.js';
import { analyseLine } from './analyse.js';
import { checkLine, type LineCheck } from './check.js';
import type { Residue } from '../../text/residue.js';
import type { ShadowGhost } from '../../text/shadow-ghost.js';
import { bytesKey, cached } from '../../runtime/analysis-cache.js';
import { coreMask, inkBox, readbackQuad } from './geometry.js';
import { layOut } from './layout.js';
import type { TextTarget } from './target.js';

export interface ReplaceTextResult {
  raster: Raster;
  mask: Mask;
  region: Box;
  /** Where the edited line now stands, and what it should read, for read-back. */
  readback: { quad: Quad; expected: string };
  targetRgb: [number, number, number] | undefined;
  fillMask: Mask;
  /** The pixel self-check of the whole line box, and its residue measure for a later refill. */
  check: LineCheck & { residueOf: (output: Raster) => Residue };
  details: Record<string, unknown>;
  warnings: string[];
}

export async function replaceText(
  img: Raster,
  t: TextTarget,
  params: ReplaceTextStep['params'],
  userMask?: Mask,
  /** How a textured background is filled; text removal refills a wider hole itself, so 'telea'. */
  texturedFill: 'patchmatch' | 'telea' = 'patchmatch',
  /**
   * The second attempt after a failed self-check: the detector's angle instead of the fitted one,
   * and every confident old-ink pixel of the span erased, not only what the fitted glyphs cover;
   * `smooth` fills with the membrane (the first fill left seams on a defocused photo), `ghost`
   * erases a drop shadow the fit missed and draws the new text with one like it.
   */
  retry?: { smooth: boolean; ghost?: ShadowGhost },
): Promise<ReplaceTextResult> {
  const warnings: string[] = [];
  const analysed = analyseLine(img, t);
  const { full, p1, frame, exclude, seg } = analysed;
  const {
    style,
    prefix,
    old,
    suffix,
    drawn,
    whole,
    ob,
    oldA0,
    eraseA1,
    font,
    size,
    at,
    ink,
    align,
    reason,
    spec,
  } = layOut(img, t, params, analysed, warnings, retry);

  // The working patch must hold both the old ink and the new text with its outline and shadow.
  const reach =
    (spec.outline?.width ?? 0) +
    Math.abs(Math.tan(style.skew)) * Math.max(ink.ascent, ink.descent) +
    (spec.shadow ? Math.hypot(spec.shadow.dx, spec.shadow.dy) + spec.shadow.blur * 2 : 0) +
    4;
  const newBox = inkBox(frame, p1, at, ob, ink, reach);
  const p2 = clampBox(unionBox(p1, newBox), img.width, img.height);
  const smooth = seg.plane.noise < 2.5;
  // At the ends of the line, reach towards the OCR quad's ends (a poorly fitted glyph must not
  // survive), but not into its padding, where a photo's texture would be taken for ink.
  const slack = full.height * 0.15;
  const eraseFrom = prefix === '' ? Math.max(Math.min(oldA0, 0), oldA0 - slack) : oldA0;
  const eraseTo =
    suffix === '' || drawn !== params.text
      ? Math.min(Math.max(eraseA1, frame.length), eraseA1 + slack)
      : eraseA1;
  const erase = eraseMask(
    seg,
    frame,
    p1,
    p2,
    eraseFrom,
    eraseTo,
    style.shadow,
    full.height,
    style.outline?.width ?? 0,
    exclude,
    smooth ? undefined : oldGlyphs(p1, frame, style, oldA0, ob, drawn === params.text ? old : old + suffix),
  );
  if (retry) widenErase(erase, seg.ink, frame, p1, p2, eraseFrom, eraseTo, exclude, retry.ghost);
  const base = cropRaster(img, p2);
  // On a photo, Telea spreads the border's darks and lights across thick erased strokes as blotches
  // (grass round a 72-px price); the exemplar fill continues the texture. Benchmark, photo posters:
  // +0.11 dB. Stroke holes settle their layout in few iterations: 2 coarse and 1 middle instead of
  // 8 and 2 scored the same PSNR on photo posters and looked the same, at 434 instead of 620 ms.
  const fill = async () => {
    const flat = smooth ? undefined : fillFlat(base, erase, full.height * 0.12);
    const method = smooth ? 'plane' : flat ? 'flat' : retry?.smooth ? 'membrane' : texturedFill;
    const raster = smooth
      ? fillPlane(base, erase, seg.plane, p2.x - p1.x, p2.y - p1.y)
      : (flat ??
        (retry?.smooth
          ? fillMembrane(base, erase)
          : texturedFill === 'patchmatch'
            ? await inpaintPatchMatch(base, erase, { coarseIterations: 2, midIterations: 1 })
            : await inpaintTelea(base, erase)));
    return { raster, method };
  };
  // Variants that erase the same glyphs of the same image (a batch of prices) share one fill.
  const fillKey = [analysed.key, p2, bytesKey(erase), retry?.smooth, texturedFill];
  const { raster: filled, method: fillMethod } = await cached(
    `fill:${JSON.stringify(fillKey)}`,
    (f) => f.raster.data.length,
    fill,
  );
  const layer = renderText(p2.width, p2.height, {
    ...spec,
    origin: { x: spec.origin.x - p2.x, y: spec.origin.y - p2.y },
  });
  const { raster, mask } = composite(img, p2, filled, erase, layer, userMask);
  const check = checkLine({
    before: img,
    after: raster,
    ink: seg.ink,
    exclude,
    p1,
    frame,
    span: { a0: eraseFrom, a1: eraseTo },
    layer,
    p2,
    fit: style,
  });
  const fillMask = coreMask(
    renderText(
      p2.width,
      p2.height,
      { ...spec, origin: { x: spec.origin.x - p2.x, y: spec.origin.y - p2.y } },
      { fill: true },
    ),
    p2,
    img.width,
    img.height,
  );
  const changed = maskBounds(mask, img.width, img.height);
  if (userMask && changed === undefined)
    warnings.push('The mask you gave does not overlap the text: nothing was changed.');
  const read = readbackQuad(
    frame,
    p1,
    whole ? at + ink.left : Math.min(0, at + ink.left),
    whole ? at + ink.right : Math.max(full.length, at + ink.right),
    full.height,
  );
  return {
    raster,
    mask,
    region: changed ?? { x: 0, y: 0, width: 0, height: 0 },
    readback: { quad: read, expected: prefix + params.text + suffix },
    targetRgb: spec.fill.kind === 'solid' ? spec.fill.rgb : undefined,
    fillMask,
    check,
    details: {
      found: style.text,
      replaced: old,
      with: params.text,
      font,
      size_px: round(size),
      angle_deg: round((style.angle * 180) / Math.PI),
      slant_deg: round((style.skew * 180) / Math.PI),
      align,
      align_reason: reason,
      fill: spec.fill,
      outline: spec.outline ?? null,
      shadow: spec.shadow ?? null,
      style_match: round(style.match),
      background: seg.plane.noise < 2.5 ? 'smooth' : 'textured',
      fill_method: fillMethod,
    },
    warnings,
  };
}

const round = (v: number) => Math.round(v * 100) / 100;
