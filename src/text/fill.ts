import { deltaE } from '../image/color.js';
import { distanceTo } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import type { ColorSpec, Rgb } from '../types.js';
import { alphaMask } from './fit-util.js';
import { measureInk, renderText, type TextSpec } from './render.js';

/**
 * The fill as the original was painted: a solid colour, or a top-to-bottom gradient (metallic
 * poster lettering) when the glyphs' colour changes steadily with height. Samples the glyph cores
 * of the fitted rendering, so edges and the outline do not count.
 */
export function fitFill(patch: Raster, spec: TextSpec, fallback: Rgb): ColorSpec {
  const { width: w, height: h, data } = patch;
  const glyph = alphaMask(renderText(w, h, spec, { fill: true }), 250);
  const depth = distanceTo(glyph, w, h, false);
  const ink = measureInk(spec.text, spec.font, spec.sizePx);
  const cos = Math.cos(spec.angle);
  const sin = Math.sin(spec.angle);
  const span = Math.max(1, ink.ascent + ink.descent);
  // Least squares of each channel against t ∈ [0, 1] (0 = top of the ink, 1 = bottom).
  let n = 0;
  let st = 0;
  let stt = 0;
  const sc = [0, 0, 0];
  const sct = [0, 0, 0];
  for (let i = 0; i < glyph.length; i++) {
    if (depth[i] < 1.5) continue;
    const x = (i % w) + 0.5 - spec.origin.x;
    const y = Math.floor(i / w) + 0.5 - spec.origin.y;
    const t = (-sin * x + cos * y + ink.ascent) / span;
    n++;
    st += t;
    stt += t * t;
    for (let c = 0; c < 3; c++) {
      sc[c] += data[i * 4 + c];
      sct[c] += data[i * 4 + c] * t;
    }
  }
  if (n < 30) return { kind: 'solid', rgb: fallback };
  const den = n * stt - st * st;
  if (Math.abs(den) < 1e-6) return { kind: 'solid', rgb: fallback };
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  const at = (t: number) =>
    [0, 1, 2].map((c) => {
      const slope = (n * sct[c] - st * sc[c]) / den;
      return clamp((sc[c] - slope * st) / n + slope * t);
    }) as Rgb;
  const top = at(0);
  const bottom = at(1);
  // A few ΔE of drift is anti-aliasing or compression; a designer's gradient is far more.
  if (deltaE(top, bottom) < 12) return { kind: 'solid', rgb: fallback };
  return { kind: 'gradient', stops: [top, at(0.5), bottom] };
}
