import { deltaE, medianRgb } from '../image/color.js';
import { dilate, distanceTo, maskBounds, type Mask } from '../image/mask.js';
import { clampBox, padBox } from '../image/raster.js';
import type { Raster } from '../image/raster.js';
import type { Box, Rgb } from '../types.js';
import { FONT_IDS, type FontId } from './fonts.js';
import { fromFrame, toFrame, type LineFrame } from './frame.js';
import { measureInk, renderText, type TextSpec } from './render.js';
import type { Segmentation } from './segment.js';

export interface FittedStyle {
  /** The line's text as fitted: OCR drops spaces, so some may have been put back. */
  text: string;
  /** Code-point indices (into the OCR text) before which a space was put back. */
  spaces: number[];
  font: FontId;
  sizePx: number;
  angle: number;
  /** Baseline origin of the whole line's text, in patch pixels. */
  origin: { x: number; y: number };
  fill: Rgb;
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
  const { width: w, height: h } = patch;
  // Gate ink by colour so a shadow does not stretch the measured extents.
  const gated = new Uint8Array(w * h);
  const pts: [number, number][] = [];
  for (let i = 0; i < gated.length; i++) {
    if (!seg.ink[i]) continue;
    const p: Rgb = [patch.data[i * 4], patch.data[i * 4 + 1], patch.data[i * 4 + 2]];
    const near = rgbDist(p, seg.fill) < 60 || (seg.outline !== undefined && rgbDist(p, seg.outline.rgb) < 60);
    if (!near) continue;
    gated[i] = 1;
    pts.push(toFrame(frame, (i % w) + 0.5, Math.floor(i / w) + 0.5));
  }
  const ink = pts.length > 20 ? gated : seg.ink;
  const ext = extents(pts.length > 20 ? pts : maskPoints(seg.ink, w, frame));
  const ow = seg.outline?.width ?? 0;
  const fillLen = Math.max(1, ext.a1 - ext.a0 - 2 * ow);
  const fillHgt = Math.max(1, ext.b1 - ext.b0 - 2 * ow);
  const centre = { a: (ext.a0 + ext.a1) / 2, b: (ext.b0 + ext.b1) / 2 };

  /** One hypothesis: face, size, offset from the ink centre (frame px), extra angle, outline width. */
  interface Params {
    text: string;
    spaces: number[];
    font: FontId;
    size: number;
    da: number;
    db: number;
    dAngle: number;
    ow: number;
  }
  const specOf = (p: Params): TextSpec => {
    const m = measureInk(p.text, p.font, p.size);
    // Place the origin so that the rendered ink's centre lands on the measured ink centre (+ offset).
    const inkA = (m.left + m.right) / 2;
    const inkB = (m.descent - m.ascent) / 2;
    const angle = frame.angle + p.dAngle;
    const ca = centre.a + p.da;
    const cb = centre.b + p.db;
    const [cx, cy] = fromFrame(frame, ca, cb);
    // Rotate the origin's offset from the centre by the full angle (the frame already has its own).
    const x = cx - inkA * Math.cos(angle) + inkB * Math.sin(angle);
    const y = cy - inkA * Math.sin(angle) - inkB * Math.cos(angle);
    return {
      text: p.text,
      font: p.font,
      sizePx: p.size,
      origin: { x, y },
      angle,
      fill: { kind: 'solid', rgb: seg.fill },
      outline: seg.outline && p.ow > 0 ? { rgb: seg.outline.rgb, width: p.ow } : undefined,
    };
  };
  // Score inside a window around the ink only: rendering the whole patch costs several times more.
  const win = clampBox(padBox(inkBounds(ink, w, h), Math.max(4, frame.height * 0.2 + ow)), w, h);
  /**
   * Overlap scorer at scale k: large text is compared at reduced resolution while faces are being
   * chosen (rendering dominates the cost), and at full resolution for the final refinement.
   */
  const scorer = (k: number) => {
    const ww = Math.max(1, Math.round(win.width * k));
    const wh = Math.max(1, Math.round(win.height * k));
    const inkWin = new Uint8Array(ww * wh);
    for (let y = 0; y < wh; y++) {
      for (let x = 0; x < ww; x++) {
        const sx = Math.min(w - 1, win.x + Math.floor((x + 0.5) / k));
        const sy = Math.min(h - 1, win.y + Math.floor((y + 0.5) / k));
        inkWin[y * ww + x] = ink[sy * w + sx];
      }
    }
    return (p: Params) => {
      const spec = specOf(p);
      const scaled: TextSpec = {
        ...spec,
        sizePx: spec.sizePx * k,
        origin: { x: (spec.origin.x - win.x) * k, y: (spec.origin.y - win.y) * k },
        outline: spec.outline && { ...spec.outline, width: spec.outline.width * k },
      };
      return overlap(renderText(ww, wh, scaled, { outline: true, fill: true }), inkWin);
    };
  };
  const coarse = scorer(Math.min(1, 40 / frame.height));
  const full = scorer(1);
  const maxSize = (p: Params) => {
    const m = measureInk(p.text, p.font, 100);
    return (100 * frame.height * 1.05) / Math.max(1, m.ascent + m.descent);
  };
  const descend = (
    score: (p: Params) => number,
    start: Params,
    startScore: number,
    steps: [keyof Params, number][],
    rounds: number,
  ) => {
    let cur = { p: start, match: startScore };
    for (let round = 0; round < rounds; round++) {
      let moved = false;
      for (const [key, step] of steps) {
        for (const dir of [-1, 1]) {
          const p = {
            ...cur.p,
            [key]:
              (cur.p[key] as number) * (key === 'size' ? 1 + dir * step : 1) +
              (key === 'size' ? 0 : dir * step),
          };
          if (p.ow < 0 || p.size > maxSize(p)) continue;
          const match = score(p);
          if (match > cur.match + 1e-4) {
            cur = { p, match };
            moved = true;
          }
        }
      }
      if (!moved) break;
    }
    return cur;
  };

  let best = { p: undefined as Params | undefined, match: -1 };
  for (const cand of spacingCandidates(ocrText, positions, frame.length)) {
    for (const font of FONT_IDS) {
      const m = measureInk(cand.text, font, 100);
      const byHeight = (100 * fillHgt) / Math.max(1, m.ascent + m.descent);
      const byLength = (100 * fillLen) / Math.max(1, m.right - m.left);
      let local = { p: undefined as Params | undefined, match: -1 };
      for (const guess of [byHeight, byLength, (byHeight + byLength) / 2]) {
        // The glyphs must fit the detected line: stray dark pixels must not inflate the size.
        const size = Math.min(guess, (100 * frame.height) / Math.max(1, m.ascent + m.descent));
        const p: Params = { ...cand, font, size, da: 0, db: 0, dAngle: 0, ow };
        const match = coarse(p);
        if (match > local.match) local = { p, match };
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
      if (refined.match > best.match) best = refined;
    }
  }
  const fine = descend(
    full,
    best.p!,
    full(best.p!),
    [
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
    origin: s.origin,
    fill: seg.fill,
    outline,
    shadow: fitShadow(patch, seg, withOutline),
    match: fine.match,
  };
}

/**
 * On a busy photo a dark outline can read as background, so colour clustering misses it. Look at
 * the bands just outside the fitted glyphs instead: an outline is a run of one steady colour there,
 * unlike the background further out.
 */
function ringOutline(patch: Raster, spec: TextSpec): TextSpec['outline'] {
  const { width: w, height: h, data } = patch;
  const glyph = alphaMask(renderText(w, h, spec, { fill: true }));
  const dist = distanceTo(glyph, w, h, true);
  const bands: number[][][] = [];
  for (let i = 0; i < dist.length; i++) {
    const d = Math.ceil(dist[i] - 0.01);
    if (d >= 1 && d <= 12) (bands[d] ??= []).push([data[i * 4], data[i * 4 + 1], data[i * 4 + 2]]);
  }
  const stats = bands.map((b) =>
    b && b.length > 20 ? { median: medianRgb(b), spread: spread(b) } : undefined,
  );
  const first = stats[2] ?? stats[1];
  if (!first || first.spread > 30) return undefined;
  let width = 1;
  while (
    width < 8 &&
    stats[width + 1] &&
    stats[width + 1]!.spread < 30 &&
    deltaE(stats[width + 1]!.median, first.median) < 15
  ) {
    width++;
  }
  const outer = stats[width + 3];
  if (!outer || deltaE(outer.median, first.median) < 20 || width < 1) return undefined;
  return { rgb: first.median, width };
}

/** Median absolute deviation from the median, worst channel. */
function spread(samples: number[][]): number {
  const m = medianRgb(samples);
  let worst = 0;
  for (let c = 0; c < 3; c++) {
    const dev = samples.map((p) => Math.abs(p[c] - m[c])).sort((a, b) => a - b);
    worst = Math.max(worst, dev[dev.length >> 1]);
  }
  return worst;
}

/**
 * OCR drops spaces ("新品上市 SALE" reads as "新品上市SALE"). Where the recognised characters stand
 * further apart than their advances explain, offer the text with a space put back; the fit decides.
 */
function spacingCandidates(
  text: string,
  positions: number[],
  length: number,
): { text: string; spaces: number[] }[] {
  const chars = [...text];
  const out = [{ text, spaces: [] as number[] }];
  if (chars.length < 2 || positions.length !== chars.length) return out;
  const adv = chars.map((c) => measureInk(c, 'sans-regular', 100).advance);
  const centres: number[] = [];
  adv.reduce((acc, a) => (centres.push(acc + a / 2), acc + a), 0);
  const span = centres[centres.length - 1] - centres[0];
  const seen = (positions[positions.length - 1] - positions[0]) * length;
  if (span <= 0 || seen <= 0) return out;
  const k = seen / span; // pixels per unit at 100 px
  const gaps = chars.slice(1).map((c, i) => ({
    at: i + 1,
    extra: ((positions[i + 1] - positions[i]) * length) / k - (centres[i + 1] - centres[i]),
    ok: chars[i] !== ' ' && c !== ' ',
  }));
  const wide = gaps
    .filter((g) => g.ok && g.extra > 12)
    .sort((a, b) => b.extra - a.extra)
    .slice(0, 2);
  const withSpaces = (at: number[]) => ({
    text: chars.map((c, i) => (at.includes(i) ? ' ' + c : c)).join(''),
    spaces: [...at].sort((a, b) => a - b),
  });
  for (const g of wide) out.push(withSpaces([g.at]));
  if (wide.length === 2) out.push(withSpaces(wide.map((g) => g.at)));
  return out;
}

/** A drop shadow is ink the glyphs do not explain that matches the glyphs shifted by some offset. */
function fitShadow(patch: Raster, seg: Segmentation, spec: TextSpec): TextSpec['shadow'] {
  const { width: w, height: h } = patch;
  const glyph = alphaMask(renderText(w, h, spec, { outline: true, fill: true }));
  const near = dilate(glyph, w, h, 1.5);
  const rest: number[] = [];
  let glyphCount = 0;
  for (let i = 0; i < near.length; i++) {
    if (glyph[i]) glyphCount++;
    if (seg.inkLoose[i] && !near[i]) rest.push(i);
  }
  if (rest.length < glyphCount * 0.2) return undefined;
  const restMask = new Uint8Array(w * h);
  for (const i of rest) restMask[i] = 1;
  const glyphPts: number[] = [];
  for (let i = 0, k = 0; i < glyph.length; i++) if (glyph[i] && k++ % 3 === 0) glyphPts.push(i);
  const reach = Math.max(3, Math.round(spec.sizePx * 0.25));
  let best = { dx: 0, dy: 0, hits: 0 };
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      if (dx === 0 && dy === 0) continue;
      let hits = 0;
      for (const i of glyphPts) {
        const x = (i % w) + dx;
        const y = Math.floor(i / w) + dy;
        if (x >= 0 && y >= 0 && x < w && y < h && restMask[y * w + x]) hits++;
      }
      if (hits > best.hits) best = { dx, dy, hits };
    }
  }
  // A real shadow repeats the glyphs: a good share of the shifted glyph lands on unexplained ink.
  if (best.hits < glyphPts.length * 0.3) return undefined;
  const strong = rest.filter((i) => seg.contrast[i] >= seg.contrast[rest[rest.length >> 1]]);
  const rgb = medianRgb(strong.map((i) => [patch.data[i * 4], patch.data[i * 4 + 1], patch.data[i * 4 + 2]]));
  // Blur: a sharp shadow covers about as many pixels as the glyphs; a soft one spreads wider.
  const spread = rest.length / Math.max(1, glyphCount);
  const blur = spread < 0.6 ? 0 : Math.min(12, Math.round(spread * 3));
  return { rgb, alpha: 1, dx: best.dx, dy: best.dy, blur };
}

const rgbDist = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

export function alphaMask(layer: Uint8Array, cut = 127): Mask {
  const m = new Uint8Array(layer.length / 4);
  for (let i = 0; i < m.length; i++) m[i] = layer[i * 4 + 3] > cut ? 1 : 0;
  return m;
}

function overlap(layer: Uint8Array, ink: Mask): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < ink.length; i++) {
    const a = layer[i * 4 + 3] > 127;
    const b = ink[i] !== 0;
    if (a && b) inter++;
    if (a || b) union++;
  }
  return union ? inter / union : 0;
}

function inkBounds(mask: Mask, w: number, h: number): Box {
  return maskBounds(mask, w, h) ?? { x: 0, y: 0, width: w, height: h };
}

function maskPoints(mask: Mask, w: number, frame: LineFrame): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < mask.length; i++)
    if (mask[i]) pts.push(toFrame(frame, (i % w) + 0.5, Math.floor(i / w) + 0.5));
  return pts;
}

/** Robust ink extents along and across the line (0.5th–99.5th percentiles). */
function extents(pts: [number, number][]) {
  const a = pts.map((p) => p[0]).sort((x, y) => x - y);
  const b = pts.map((p) => p[1]).sort((x, y) => x - y);
  const q = (v: number[], p: number) =>
    v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))] ?? 0;
  return { a0: q(a, 0.005) - 0.5, a1: q(a, 0.995) + 0.5, b0: q(b, 0.005) - 0.5, b1: q(b, 0.995) + 0.5 };
}
