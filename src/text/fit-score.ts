import { dilateSquare, type Mask } from '../image/mask.js';
import type { Box } from '../types.js';
import { alphaMask, overlap } from './fit-util.js';
import type { FontId } from './fonts.js';
import { fromFrame, type LineFrame } from './frame.js';
import { measureInk, renderText, type TextSpec } from './render.js';
import type { Segmentation } from './segment.js';

/** One hypothesis: face, size, offset from the ink centre (frame px), extra angle, outline width. */
export interface Params {
  text: string;
  spaces: number[];
  font: FontId;
  size: number;
  da: number;
  db: number;
  dAngle: number;
  ow: number;
  skew: number;
}

/** Renders a hypothesis as a text spec centred on the measured ink centre of the line. */
export function placer(frame: LineFrame, centre: { a: number; b: number }, seg: Segmentation) {
  return (p: Params): TextSpec => {
    const m = measureInk(p.text, p.font, p.size);
    // Place the origin so that the rendered ink's centre lands on the measured ink centre (+ offset).
    const inkB = (m.descent - m.ascent) / 2;
    // A slant shears x by -tan(skew)·y, which moves the ink centre too.
    const inkA = (m.left + m.right) / 2 - Math.tan(p.skew) * inkB;
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
      skew: p.skew,
      fill: { kind: 'solid', rgb: seg.fill },
      outline: seg.outline && p.ow > 0 ? { rgb: seg.outline.rgb, width: p.ow } : undefined,
    };
  };
}

/**
 * Overlap scorer at scale k: large text is compared at reduced resolution while faces are being
 * chosen (rendering dominates the cost), and at full resolution for the final refinement.
 */
export function scorerFor(
  w: number,
  h: number,
  win: Box,
  ink: Mask,
  specOf: (p: Params) => TextSpec,
  frame: LineFrame,
) {
  return (k: number) => {
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
    const render = (p: Params) => {
      const spec = specOf(p);
      const scaled: TextSpec = {
        ...spec,
        sizePx: spec.sizePx * k,
        origin: { x: (spec.origin.x - win.x) * k, y: (spec.origin.y - win.y) * k },
        outline: spec.outline && { ...spec.outline, width: spec.outline.width * k },
      };
      return renderText(ww, wh, scaled, { outline: true, fill: true });
    };
    const score = (p: Params) => overlap(render(p), inkWin);
    /**
     * Moves a hypothesis so that its glyphs' centroid sits on the centroid of the ink near them
     * (sub-pixel, any scale). Ink far from the glyphs (photo clutter) is ignored, and two rounds
     * let the "near" set settle.
     */
    score.centre = (start: Params): Params => {
      let p = start;
      for (let round = 0; round < 2; round++) {
        const glyph = alphaMask(render(p));
        const near = dilateSquare(glyph, ww, wh, Math.max(2, p.size * k * 0.12));
        let n = 0, sx = 0, sy = 0, m = 0, tx = 0, ty = 0; // prettier-ignore
        for (let y = 0, i = 0; y < wh; y++) {
          for (let x = 0; x < ww; x++, i++) {
            if (glyph[i]) {
              n++;
              sx += x;
              sy += y;
            }
            if (inkWin[i] && near[i]) {
              m++;
              tx += x;
              ty += y;
            }
          }
        }
        if (!n || !m) return p;
        const dx = (tx / m - sx / n) / k;
        const dy = (ty / m - sy / n) / k;
        p = { ...p, da: p.da + dx * frame.ux + dy * frame.uy, db: p.db + dx * frame.vx + dy * frame.vy };
      }
      return p;
    };
    return score;
  };
}
