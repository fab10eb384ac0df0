import type { Raster } from '../image/raster.js';

/**
 * A smooth background model for a small patch: one plane a channel, fitted to pixels known to be
 * background. Solid fills and linear gradients are reproduced exactly; the residual spread says how
 * much texture (a photo) lies underneath.
 */
export interface PlaneModel {
  coef: [number, number, number][]; // per channel: c0 + c1·x + c2·y
  noise: number; // robust spread of the residual, in 0–255 units
}

/** A plane needs few samples: cap them so a large patch costs no more than a small one. */
const MAX_SAMPLES = 6_000;

export function fitPlane(img: Raster, sample: Uint8Array): PlaneModel {
  let total = 0;
  for (let i = 0; i < sample.length; i++) total += sample[i];
  const stride = Math.max(1, Math.floor(total / MAX_SAMPLES));
  let pts: number[] = [];
  for (let i = 0, k = 0; i < sample.length; i++) if (sample[i] && k++ % stride === 0) pts.push(i);
  let model = solve(img, pts);
  // Second round without outliers (stray glyph pixels from neighbouring text).
  const res = residuals(img, pts, model);
  const cut = Math.max(6, 3 * model.noise);
  pts = pts.filter((_, k) => res[k] <= cut);
  model = solve(img, pts);
  return model;
}

export function planeAt(m: PlaneModel, x: number, y: number, c: number): number {
  const k = m.coef[c];
  return k[0] + k[1] * x + k[2] * y;
}

function solve(img: Raster, pts: number[]): PlaneModel {
  // Normal equations of least squares on (1, x, y).
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0; // prettier-ignore
  const b = [0, 0, 0, 0, 0, 0, 0, 0, 0]; // per channel: Σv, Σv·x, Σv·y
  const d = img.data;
  const w = img.width;
  for (const i of pts) {
    const x = i % w;
    const y = (i - x) / w;
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
    for (let c = 0; c < 3; c++) {
      const v = d[i * 4 + c];
      b[c * 3] += v;
      b[c * 3 + 1] += v * x;
      b[c * 3 + 2] += v * y;
    }
  }
  const A = [n, sx, sy, sx, sxx, sxy, sy, sxy, syy];
  const coef = [0, 1, 2].map((c) => solve3(A, b.slice(c * 3, c * 3 + 3)));
  const model: PlaneModel = { coef, noise: 0 };
  const res = Float64Array.from(residuals(img, pts, model)).sort();
  // 1.4826·MAD ≈ σ for Gaussian noise; residuals here are already absolute values.
  model.noise = res.length ? 1.4826 * res[res.length >> 1] : 0;
  return model;
}

/** Largest absolute channel residual of each sample. */
function residuals(img: Raster, pts: number[], m: PlaneModel): number[] {
  const [r, g, b] = m.coef;
  const d = img.data;
  const w = img.width;
  return pts.map((i) => {
    const x = i % w;
    const y = (i - x) / w;
    return Math.max(
      Math.abs(d[i * 4] - (r[0] + r[1] * x + r[2] * y)),
      Math.abs(d[i * 4 + 1] - (g[0] + g[1] * x + g[2] * y)),
      Math.abs(d[i * 4 + 2] - (b[0] + b[1] * x + b[2] * y)),
    );
  });
}

/** Solves a 3×3 system (Cramer's rule); a singular system degrades to the mean. */
function solve3(A: number[], b: number[]): [number, number, number] {
  const det = (m: number[]) =>
    m[0] * (m[4] * m[8] - m[5] * m[7]) -
    m[1] * (m[3] * m[8] - m[5] * m[6]) +
    m[2] * (m[3] * m[7] - m[4] * m[6]);
  const d = det(A);
  if (Math.abs(d) < 1e-9) return [A[0] ? b[0] / A[0] : 0, 0, 0];
  const col = (k: number) => A.map((v, i) => (i % 3 === k ? b[Math.floor(i / 3)] : v));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}
