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

export function fitPlane(img: Raster, sample: Uint8Array): PlaneModel {
  let keep = sample;
  let model: PlaneModel = { coef: [], noise: 0 };
  // Two rounds: the second ignores outliers (stray glyph pixels from neighbouring text).
  for (let round = 0; round < 2; round++) {
    model = solve(img, keep);
    if (round === 1) break;
    const res = residuals(img, keep, model);
    const cut = Math.max(6, 3 * model.noise);
    const next = new Uint8Array(keep.length);
    let j = 0;
    for (let i = 0; i < keep.length; i++) if (keep[i]) next[i] = res[j++] <= cut ? 1 : 0;
    keep = next;
  }
  return model;
}

export function planeAt(m: PlaneModel, x: number, y: number, c: number): number {
  const k = m.coef[c];
  return k[0] + k[1] * x + k[2] * y;
}

function solve(img: Raster, sample: Uint8Array): PlaneModel {
  // Normal equations of least squares on (1, x, y), accumulated without allocations (hot loop).
  let n = 0,
    sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0,
    syy = 0;
  const b = [0, 0, 0, 0, 0, 0, 0, 0, 0]; // per channel: Σv, Σv·x, Σv·y
  const d = img.data;
  for (let y = 0, i = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++, i++) {
      if (!sample[i]) continue;
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
  }
  const A = [n, sx, sy, sx, sxx, sxy, sy, sxy, syy];
  const coef = [0, 1, 2].map((c) => solve3(A, b.slice(c * 3, c * 3 + 3)));
  const model: PlaneModel = { coef, noise: 0 };
  const res = residuals(img, sample, model).sort((p, q) => p - q);
  // 1.4826·MAD ≈ σ for Gaussian noise; residuals here are already absolute values.
  model.noise = res.length ? 1.4826 * res[res.length >> 1] : 0;
  return model;
}

function residuals(img: Raster, sample: Uint8Array, m: PlaneModel): number[] {
  const out: number[] = [];
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = y * img.width + x;
      if (!sample[i]) continue;
      let worst = 0;
      for (let c = 0; c < 3; c++)
        worst = Math.max(worst, Math.abs(img.data[i * 4 + c] - planeAt(m, x, y, c)));
      out.push(worst);
    }
  }
  return out;
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
