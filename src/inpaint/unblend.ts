import { cloneRaster, sampleBilinear, type Raster } from '../image/raster.js';
import { filter } from '../text/stroke-mask.js';
import { at, median, medianOf, otsu } from './grid-stats.js';
import type { Quad } from '../types.js';

/**
 * Takes a semi-transparent mark off the picture instead of painting over it. A mark blended at
 * opacity α in colour c leaves O = (1 − α)·B + α·c, so the picture under it is B = (O − α·c)/(1 − α)
 * wherever α is below 1: nothing is invented. α is learnt from the copies themselves: a tiled mark
 * repeats over different parts of the picture, so at each point of the mark the median over copies
 * of (O − B̂)/(c − B̂) (B̂: the picture around, a grey opening wider than any stroke) is the mark's
 * own α, with the picture under each copy averaged away. Copies are aligned to one another first.
 */

export interface Unblended {
  raster: Raster;
  mask: Uint8Array;
  /** The mark's opacity as found (0..1). */
  opacity: number;
  /** Indices (into the copies given) of the copies taken off. */
  used: number[];
}

/** Below this many copies the median cannot tell the mark from the picture. */
const MIN_COPIES = 4;
/** Alignment search, in pixels each way. */
const SHIFT = 5;

export function unblendCopies(
  img: Raster,
  copies: { quad: Quad; text: string }[],
  word: string,
  polarity: 'light' | 'dark',
): Unblended | undefined {
  const chars = [...word];
  // Whole copies set the size; fragments ('MPL' of 'SAMPLE') are placed by where their letters sit.
  const isWhole = (c: { text: string }) => c.text === word;
  const isPart = (c: { text: string }) => !isWhole(c) && [...c.text].length >= 2 && word.includes(c.text);
  const whole = copies.filter(isWhole).map((c) => c.quad);
  const parts = copies.filter(isPart);
  const used = [...copies.keys()]
    .filter((i) => isWhole(copies[i]))
    .concat([...copies.keys()].filter((i) => isPart(copies[i])));
  if (whole.length === 0 || whole.length + parts.length < MIN_COPIES) return undefined;
  const c = polarity === 'light' ? 255 : 0;
  const len = median(whole.map((q) => Math.hypot(q[1][0] - q[0][0], q[1][1] - q[0][1])));
  const hgt = median(whole.map((q) => Math.hypot(q[3][0] - q[0][0], q[3][1] - q[0][1])));
  const ang = median(whole.map((q) => Math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0])));
  const centreOf = (q: Quad) => [q.reduce((t, p) => t + p[0], 0) / 4, q.reduce((t, p) => t + p[1], 0) / 4];
  const centres = [
    ...whole.map(centreOf),
    ...parts.map((f) => {
      const [cx, cy] = centreOf(f.quad);
      const from = [...word.slice(0, word.indexOf(f.text))].length;
      const shift = ((from + [...f.text].length / 2) / chars.length - 0.5) * len;
      return [cx - shift * Math.cos(ang), cy - shift * Math.sin(ang)];
    }),
  ];
  const [ux, uy, vx, vy] = [Math.cos(ang), Math.sin(ang), -Math.sin(ang), Math.cos(ang)];
  const pad = Math.ceil(hgt * 0.3);
  const gw = Math.ceil(len) + 2 * pad;
  const gh = Math.ceil(hgt) + 2 * pad;
  const k = Math.max(3, Math.round(hgt * 0.3)) | 1;
  // Each copy's grid origin (image coordinates of grid point 0,0), from its quad's centre.
  let origins = centres.map(
    ([cx, cy]) =>
      [cx - (gw / 2) * ux - (gh / 2) * vx, cy - (gw / 2) * uy - (gh / 2) * vy] as [number, number],
  );
  const px = [0, 0, 0, 0];
  const sample = (o: [number, number]) => {
    const luma = new Float32Array(gw * gh);
    for (let b = 0; b < gh; b++) {
      for (let a = 0; a < gw; a++) {
        sampleBilinear(
          img,
          o[0] + (a + 0.5) * ux + (b + 0.5) * vx,
          o[1] + (a + 0.5) * uy + (b + 0.5) * vy,
          px,
        );
        luma[b * gw + a] = 0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2];
      }
    }
    const bg =
      polarity === 'light'
        ? filter(filter(luma, gw, gh, k, Math.min), gw, gh, k, Math.max)
        : filter(filter(luma, gw, gh, k, Math.max), gw, gh, k, Math.min);
    return { luma, bg };
  };
  const detail = (s: ReturnType<typeof sample>) => s.luma.map((v, i) => v - s.bg[i]);
  const alignTo = (ref: Float32Array, samples: ReturnType<typeof sample>[]) =>
    origins.map((o, i) => {
      const d = detail(samples[i]);
      let best = { score: -Infinity, dx: 0, dy: 0 };
      for (let dy = -SHIFT; dy <= SHIFT; dy++) {
        for (let dx = -SHIFT; dx <= SHIFT; dx++) {
          let s = 0;
          for (let b = SHIFT; b < gh - SHIFT; b++)
            for (let a = SHIFT; a < gw - SHIFT; a++) s += ref[b * gw + a] * d[(b + dy) * gw + a + dx];
          if (s > best.score) best = { score: s, dx, dy };
        }
      }
      return [o[0] + best.dx * ux + best.dy * vx, o[1] + best.dx * uy + best.dy * vy] as [number, number];
    });
  const alphaOf = (samples: ReturnType<typeof sample>[]) =>
    medianOf(
      samples.map((s) =>
        s.luma.map((v, i) => {
          const room = c - s.bg[i];
          return Math.abs(room) < 24 ? NaN : Math.min(1, Math.max(0, (v - s.bg[i]) / room));
        }),
      ),
    );
  // Align every copy to the median of them all, then again to the mark that median gives (sharper
  // than the first median, which misplaced copies blur); α from the copies so aligned.
  let samples = origins.map(sample);
  origins = alignTo(medianOf(samples.map(detail)), samples);
  samples = origins.map(sample);
  const first = alphaOf(samples).map((v) => (Number.isNaN(v) ? 0 : v * (c === 255 ? 1 : -1)));
  origins = alignTo(first, samples);
  samples = origins.map(sample);
  const alpha = alphaOf(samples);
  // A mark has one opacity: the typical α of its strokes, the upper class of an Otsu split of the
  // α found (the lower one is the picture's own detail). Capping at it keeps light photo detail
  // under a copy from being taken for a denser mark.
  const found = [...alpha].filter((v) => v >= 0.03).sort((x, y) => x - y);
  if (found.length < 20) return undefined;
  const cut = otsu(found);
  const opacity = median(found.filter((v) => v > cut));
  if (!(opacity >= 0.05)) return undefined;
  for (let i = 0; i < alpha.length; i++)
    alpha[i] = alpha[i] >= 0.25 * opacity ? Math.min(alpha[i], opacity) : 0;

  const out = cloneRaster(img);
  const mask = new Uint8Array(img.width * img.height);
  for (const o of origins) {
    const xs = [0, gw].flatMap((a) => [0, gh].map((b) => o[0] + a * ux + b * vx));
    const ys = [0, gw].flatMap((a) => [0, gh].map((b) => o[1] + a * uy + b * vy));
    const [x0, x1] = [
      Math.max(0, Math.floor(Math.min(...xs))),
      Math.min(img.width, Math.ceil(Math.max(...xs))),
    ];
    const [y0, y1] = [
      Math.max(0, Math.floor(Math.min(...ys))),
      Math.min(img.height, Math.ceil(Math.max(...ys))),
    ];
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const dx = x + 0.5 - o[0];
        const dy = y + 0.5 - o[1];
        const a = at(alpha, gw, gh, dx * ux + dy * uy - 0.5, dx * vx + dy * vy - 0.5);
        if (a < 0.03) continue;
        const t = Math.min(a, 0.9);
        const i = (y * img.width + x) * 4;
        for (let ch = 0; ch < 3; ch++)
          out.data[i + ch] = Math.max(0, Math.min(255, Math.round((img.data[i + ch] - t * c) / (1 - t))));
        mask[y * img.width + x] = 1;
      }
    }
  }
  return { raster: out, mask, opacity: Math.round(opacity * 100) / 100, used };
}
