import { clampBox, padBox, type Raster } from '../image/raster.js';
import type { Mask } from '../image/mask.js';
import type { ColorSpec, Rgb } from '../types.js';
import { fitFill } from './fill.js';
import { descender, plausibleSize, sizeGuesses, sizeRangeFor } from './fit-descend.js';
import { placer, scorerFor, type Params } from './fit-score.js';
import { alphaMask, extents, inkBounds, maskPoints } from './fit-util.js';
import { FONT_IDS, type FontId } from './fonts.js';
import type { LineFrame } from './frame.js';
import { ringOutline } from './outline.js';
import { renderText, type TextSpec } from './render.js';
import type { Segmentation } from './segment.js';
import { fitShadow } from './shadow.js';
import { spacingCandidates } from './spacing.js';
import { findTilt, probe } from './fit-tilt.js';

export interface FittedStyle {
  /** The line's text as fitted: OCR drops spaces, so some may have been put back. */
  text: string;
  /** Code-point indices (into the OCR text) before which a space was put back. */
  spaces: number[];
  font: FontId;
  sizePx: number;
  angle: number;
  /** Slant of the glyphs (0 for upright), radians. */
  skew: number;
  /** Baseline origin of the whole line's text, in patch pixels. */
  origin: { x: number; y: number };
  fill: Rgb;
  /** The fill as painted: solid, or a vertical gradient when the original has one. */
  fillSpec: ColorSpec;
  outline?: { rgb: Rgb; width: number };
  shadow?: TextSpec['shadow'];
  /** Overlap (IoU) of our re-rendering of the original line with its ink: how well we matched it. */
  match: number;
}

/**
 * Analysis by synthesis: render the recognised line in each shipped face, sized and placed to cover
 * the same ink, and keep the face whose glyphs overlap the real ink best.
 */
export function fitStyle(
  patch: Raster,
  frame: LineFrame,
  seg: Segmentation,
  ocrText: string,
  positions: number[],
): FittedStyle {
  const first = fitTo(seg.ink, patch, frame, seg, ocrText, positions);
  if (!first.shadow) return first;
  // A shadow stretched the ink the first fit measured: fit again without the pixels only the
  // shadow explains.
  const { width: w, height: h } = patch;
  const spec: TextSpec = { ...first, fill: { kind: 'solid', rgb: first.fill } };
  const shadowOnly = alphaMask(renderText(w, h, spec, { shadow: true }));
  const glyphs = alphaMask(renderText(w, h, spec, { outline: true, fill: true }), 0);
  const ink = seg.ink.map((v, i) => (v && !(shadowOnly[i] && !glyphs[i]) ? 1 : 0));
  // The face and spacing are settled; only geometry moves once the shadow is set aside.
  const second = fitTo(ink, patch, frame, seg, ocrText, positions, {
    font: first.font,
    text: first.text,
    spaces: first.spaces,
  });
  return second.match >= first.match ? { ...second, shadow: second.shadow ?? first.shadow } : first;
}

function fitTo(
  ink: Mask,
  patch: Raster,
  frame: LineFrame,
  seg: Segmentation,
  ocrText: string,
  positions: number[],
  known?: { font: FontId; text: string; spaces: number[] },
): FittedStyle {
  const { width: w, height: h } = patch;
  const ext = extents(maskPoints(ink, w, frame));
  const ow = seg.outline?.width ?? 0;
  const fillLen = Math.max(1, ext.a1 - ext.a0 - 2 * ow);
  const fillHgt = Math.max(1, ext.b1 - ext.b0 - 2 * ow);
  const centre = { a: (ext.a0 + ext.a1) / 2, b: (ext.b0 + ext.b1) / 2 };

  const specOf = placer(frame, centre, seg);
  // Score inside a window around the ink only: rendering the whole patch costs several times more.
  const win = clampBox(padBox(inkBounds(ink, w, h), Math.max(4, frame.height * 0.2 + ow)), w, h);
  const scorer = scorerFor(w, h, win, ink, specOf, frame);
  const coarse = scorer(Math.min(1, 40 / frame.height));
  const full = scorer(1);
  const sizeRange = sizeRangeFor(frame);
  const descend = descender(sizeRange);

  const faces: { p: Params; match: number }[] = [];
  const texts = known
    ? [{ text: known.text, spaces: known.spaces }]
    : spacingCandidates(ocrText, positions, frame.length);
  const tilt = findTilt(coarse, probe(texts[0], known?.font ?? FONT_IDS[0], fillLen, fillHgt, sizeRange, ow));
  for (const cand of texts) {
    for (const font of known ? [known.font] : FONT_IDS) {
      const { byHeight, byLength } = sizeGuesses(cand.text, font, fillLen, fillHgt);
      let local = { p: undefined as Params | undefined, match: -1 };
      for (const guess of [byHeight, byHeight * 1.03, byLength, (byHeight + byLength) / 2]) {
        const size = plausibleSize(sizeRange(cand.text, font), guess);
        const p = coarse.centre({ ...cand, font, size, da: 0, db: 0, dAngle: tilt, ow, skew: 0 });
        const match = coarse(p);
        if (match > local.match) local = { p, match };
      }
      // A face far behind the best so far will not catch up with a one-pixel nudge: skip its search.
      const leader = Math.max(-1, ...faces.map((f) => f.match));
      if (local.match < leader - 0.12) {
        faces.push({ p: local.p!, match: local.match });
        continue;
      }
      // Each face gets its own small alignment search before faces are compared: a one-pixel
      // misalignment costs more overlap than the difference between two faces.
      const refined = descend(
        coarse,
        local.p!,
        local.match,
        [
          ['da', 1],
          ['db', 1],
          ['size', 0.03],
        ],
        1,
      );
      faces.push(refined);
    }
  }
  // Close calls between faces are settled at full resolution, where serifs and stroke weight show.
  // A poor leader is no call at all: thin strokes (a light serif at 100 px) vanish at the coarse
  // scale, so then every face is compared at full resolution.
  faces.sort((a, b) => b.match - a.match);
  let best = faces[0];
  const margin = faces[0].match < 0.6 ? 1 : 0.06;
  for (const f of faces.slice(1).filter((f) => f.match > faces[0].match - margin)) {
    if (f.p.font === best.p.font) continue;
    if (best === faces[0]) {
      const p = full.centre(best.p);
      best = descend(
        full,
        p,
        full(p),
        [
          ['da', 0.5],
          ['db', 0.5],
          ['size', 0.015],
        ],
        1,
      );
    }
    const p = full.centre(f.p);
    const other = descend(
      full,
      p,
      full(p),
      [
        ['da', 0.5],
        ['db', 0.5],
        ['size', 0.015],
      ],
      1,
    );
    if (other.match > best.match) best = other;
  }
  if (best !== faces[0]) best = { ...best, match: coarse(best.p) };
  // Oblique (italic) lettering: try common slants on the chosen face. A slant must earn its place
  // clearly: CJK strokes overlap a slightly sheared copy almost as well as the upright one.
  const upright = best;
  for (const skew of [0.1, 0.2, 0.3, -0.1]) {
    const p = { ...upright.p!, skew };
    const match = coarse(p);
    if (match > Math.max(best.match, upright.match + 0.04)) best = { p, match };
  }
  const centred = full.centre(best.p!);
  const fine = descend(
    full,
    centred,
    full(centred),
    [
      ...(best.p!.skew ? ([['skew', 0.03]] as [keyof Params, number][]) : []),
      ['size', 0.015],
      ['da', 0.5],
      ['db', 0.5],
      ['dAngle', (0.5 * Math.PI) / 180],
      ...(seg.outline ? ([['ow', 1]] as [keyof Params, number][]) : []),
    ],
    2,
  );
  const s = specOf(fine.p);
  const outline = s.outline ?? ringOutline(patch, s);
  const withOutline = { ...s, outline };
  return {
    text: s.text,
    spaces: fine.p.spaces,
    font: s.font,
    sizePx: s.sizePx,
    angle: s.angle,
    skew: s.skew ?? 0,
    origin: s.origin,
    fill: seg.fill,
    fillSpec: fitFill(patch, s, seg.fill),
    outline,
    shadow: fitShadow(patch, seg, withOutline),
    match: fine.match,
  };
}
