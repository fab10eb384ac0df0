import type { Raster } from './raster.js';

/** Cheap input-quality measures, all taken on luma at a working scale of at most 1024 px long side. */
export interface QualityMeasures {
  /** Variance of the 4-neighbour Laplacian of luma: low means few sharp edges. */
  blur: number;
  /**
   * Fraction of pixels with luma ≥ 250, when the clipped area is ragged (detail burnt out across the
   * subject). A compact clipped area (white backdrop, blown sky) counts only beyond 80 % of the frame.
   */
  highlights: number;
  /** Fraction of pixels with luma < 64, the darkest quarter of the range. */
  shadows: number;
  /** Noise sigma (luma 0..255): Immerkær's fast estimate per 16² block, low quantile over blocks. */
  noise: number;
}

export interface QualityThresholds {
  minBlur: number;
  maxHighlights: number;
  maxShadows: number;
  maxNoise: number;
}

export interface QualityProblem {
  metric: keyof QualityMeasures;
  value: number;
  limit: number;
  message: string;
}

/** Long side of the working scale: the Laplacian variance and noise sigma depend on scale, so fix it. */
export const QUALITY_WORK_SIZE = 1024;

/**
 * Why not the plain "fraction ≤ 5": darkening by 4× leaves only 0–19 % of pixels ≤ 5 while a good
 * astronaut photo (black space) has 14 %. What under-exposure removes is the bright end, so count
 * the pixels below a quarter of the range: ×0.25 puts every pixel there.
 */
const DARK_LEVEL = 64;
/**
 * Why not the plain "fraction ≥ 250": brightening a dark photo ×2.2 clips only 15 % (coffee), yet a
 * product shot on a white backdrop is 70–90 % white. What tells them apart is shape: burnt-out detail
 * leaves a ragged bright mask (edge/area ≥ 0.055 on the fixtures), a backdrop a compact one (≤ 0.017,
 * fixtures and synthetic product shots). The mask is taken at 240 so JPEG jitter around 250 on a
 * backdrop does not make it ragged.
 */
const BRIGHT_LEVEL = 240;
const RAGGED_EDGE_RATIO = 0.03;
/** A compact white area up to this share of the frame is taken for a backdrop, not over-exposure. */
const BACKDROP_ALLOWANCE = 0.8;
const NOISE_BLOCK = 16;
const NOISE_QUANTILE = 0.1;

/**
 * Calibrated on the six fixture photos plus examples/poster.png and degraded copies of them
 * (quality-gate.test.ts prints the full table):
 *
 *   metric      good (worst of 7)    degraded (least flagged of 7)       limit   margins
 *   blur        176.5 brick          3.7 gravel, sharp .blur(4)          < 25    7.1× / 6.8×
 *   highlights  0.009 astronaut      0.107 poster, .linear(2.2, 0)       > 0.05  5.6× / 2.1×
 *   shadows     0.307 astronaut      1.000 all, .linear(0.25, 0)         > 0.9   2.9× / 1.1×
 *   noise       7.98 grass           12.19 poster, + N(0, 25) per RGB    > 10    1.25× / 1.22×
 *
 * Side effects on the degraded set: ×0.25 also drops brick's Laplacian variance to 12 (variance
 * scales with contrast²), and ×2.2 lifts grass's noise estimate to 11.4 (its texture is noise-like).
 */
export const QUALITY_THRESHOLDS: QualityThresholds = Object.freeze({
  minBlur: 25,
  maxHighlights: 0.05,
  maxShadows: 0.9,
  maxNoise: 10,
});

export function measureQuality(img: Raster): QualityMeasures {
  const { luma: l, width: w, height: h } = workingLuma(img);
  const n = Math.max(1, w * h);
  let clipped = 0;
  let dark = 0;
  for (let i = 0; i < l.length; i++) {
    if (l[i] >= 250) clipped++;
    else if (l[i] < DARK_LEVEL) dark++;
  }
  // One pass over the interior: Laplacian moments, Immerkær per 16² block, edge of the bright mask.
  const bw = Math.max(1, Math.ceil((w - 2) / NOISE_BLOCK));
  const bh = Math.max(1, Math.ceil((h - 2) / NOISE_BLOCK));
  const absSum = new Float64Array(bw * bh);
  const lumaSum = new Float64Array(bw * bh);
  const count = new Uint32Array(bw * bh);
  let s1 = 0;
  let s2 = 0;
  let bright = 0;
  let brightEdge = 0;
  for (let y = 1; y < h - 1; y++) {
    const rowBlock = Math.floor((y - 1) / NOISE_BLOCK) * bw;
    // Walk the row one block-width segment at a time so the block sums stay in locals.
    for (let x0 = 1, b = rowBlock; x0 < w - 1; x0 += NOISE_BLOCK, b++) {
      const x1 = Math.min(w - 1, x0 + NOISE_BLOCK);
      let abs = 0;
      let sum = 0;
      for (let i = y * w + x0, end = y * w + x1; i < end; i++) {
        const c = l[i];
        const cross = l[i - 1] + l[i + 1] + l[i - w] + l[i + w];
        const diag = l[i - w - 1] + l[i - w + 1] + l[i + w - 1] + l[i + w + 1];
        const lap = cross - 4 * c;
        s1 += lap;
        s2 += lap * lap;
        const k = diag - 2 * cross + 4 * c;
        abs += k < 0 ? -k : k;
        sum += c;
        if (c >= BRIGHT_LEVEL) {
          bright++;
          const m = BRIGHT_LEVEL;
          if (l[i - 1] < m || l[i + 1] < m || l[i - w] < m || l[i + w] < m) brightEdge++;
        }
      }
      absSum[b] += abs;
      lumaSum[b] += sum;
      count[b] += x1 - x0;
    }
  }
  const inner = Math.max(1, (w - 2) * (h - 2));
  const clippedFrac = clipped / n;
  // Edge-to-area ratio of the bright mask, rescaled to the 1024 px working size so it does not depend
  // on how large the input was.
  const ragged = bright > 0 ? (brightEdge / bright) * (Math.max(w, h) / QUALITY_WORK_SIZE) : 0;
  return {
    blur: w < 3 || h < 3 ? 0 : s2 / inner - (s1 / inner) ** 2,
    highlights: ragged >= RAGGED_EDGE_RATIO ? clippedFrac : Math.max(0, clippedFrac - BACKDROP_ALLOWANCE),
    shadows: dark / n,
    noise: lowBlockSigma(absSum, lumaSum, count),
  };
}

/**
 * Immerkær's estimate per block: sigma = sqrt(π/2) / 6 · mean |I ∗ N|, N = [1 −2 1; −2 4 −2; 1 −2 1].
 * Texture leaks into N as much as noise does, so take a low quantile over blocks (the smoothest
 * areas carry the noise but little texture), skipping blocks near black or white where clipping
 * hides the noise.
 */
function lowBlockSigma(absSum: Float64Array, lumaSum: Float64Array, count: Uint32Array): number {
  const sigmas: number[] = [];
  for (let b = 0; b < count.length; b++) {
    if (count[b] < (NOISE_BLOCK * NOISE_BLOCK) / 4) continue;
    const mean = lumaSum[b] / count[b];
    if (mean < 16 || mean > 239) continue;
    sigmas.push((Math.sqrt(Math.PI / 2) * absSum[b]) / (6 * count[b]));
  }
  if (sigmas.length === 0) return 0;
  sigmas.sort((a, b) => a - b);
  return sigmas[Math.floor(NOISE_QUANTILE * (sigmas.length - 1))];
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** One sentence per failed check, in a fixed order; an empty list means the image is fine. */
export function judgeQuality(
  m: QualityMeasures,
  t: QualityThresholds = QUALITY_THRESHOLDS,
): QualityProblem[] {
  const checks: [keyof QualityMeasures, boolean, number, string][] = [
    [
      'blur',
      m.blur < t.minBlur,
      t.minBlur,
      `The image looks blurred (variance of Laplacian ${m.blur.toFixed(1)}, below ${t.minBlur}).`,
    ],
    [
      'highlights',
      m.highlights > t.maxHighlights,
      t.maxHighlights,
      `The image looks over-exposed (${pct(m.highlights)} of it is clipped white beyond what a backdrop explains, above ${pct(t.maxHighlights)}).`,
    ],
    [
      'shadows',
      m.shadows > t.maxShadows,
      t.maxShadows,
      `The image looks under-exposed (${pct(m.shadows)} of pixels are in the darkest quarter, above ${pct(t.maxShadows)}).`,
    ],
    [
      'noise',
      m.noise > t.maxNoise,
      t.maxNoise,
      `The image looks noisy (estimated noise sigma ${m.noise.toFixed(1)}, above ${t.maxNoise}).`,
    ],
  ];
  return checks
    .filter(([, failed]) => failed)
    .map(([metric, , limit, message]) => ({ metric, value: m[metric], limit, message }));
}

/**
 * BT.601 luma, area-averaged down to ≤ QUALITY_WORK_SIZE long side in one pass over the source
 * (each source pixel overlaps at most two output cells per axis since the scale factor is > 1).
 * Alpha is ignored: inputs are judged as their colour pixels.
 */
function workingLuma(img: Raster): { luma: Float32Array; width: number; height: number } {
  const { data, width: w, height: h } = img;
  const s = Math.max(w, h) / QUALITY_WORK_SIZE;
  if (s <= 1) {
    const luma = new Float32Array(w * h);
    for (let i = 0, p = 0; i < luma.length; i++, p += 4) {
      luma[i] = 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
    }
    return { luma, width: w, height: h };
  }
  const ow = Math.max(1, Math.round(w / s));
  const oh = Math.max(1, Math.round(h / s));
  const [xi, xw] = splitAxis(w, ow);
  const [yi, yw] = splitAxis(h, oh);
  const out = new Float32Array(ow * oh);
  const row = new Float32Array(ow + 1);
  for (let y = 0; y < h; y++) {
    row.fill(0);
    for (let x = 0, p = y * w * 4; x < w; x++, p += 4) {
      const l = 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
      row[xi[x]] += l * xw[x];
      row[xi[x] + 1] += l * (1 - xw[x]);
    }
    const o0 = yi[y] * ow;
    const wy = yw[y];
    for (let x = 0; x < ow; x++) {
      out[o0 + x] += row[x] * wy;
      if (wy < 1) out[o0 + ow + x] += row[x] * (1 - wy);
    }
  }
  const norm = (ow * oh) / (w * h);
  for (let i = 0; i < out.length; i++) out[i] *= norm;
  return { luma: out, width: ow, height: oh };
}

/** For each source index: the first output cell it overlaps and the share of its area that falls there. */
function splitAxis(n: number, m: number): [Int32Array, Float32Array] {
  const idx = new Int32Array(n);
  const wt = new Float32Array(n);
  const step = n / m;
  for (let i = 0; i < n; i++) {
    const o = Math.min(m - 1, Math.floor(i / step));
    const edge = (o + 1) * step;
    idx[i] = o;
    wt[i] = o < m - 1 && i + 1 > edge ? edge - i : 1;
  }
  return [idx, wt];
}
