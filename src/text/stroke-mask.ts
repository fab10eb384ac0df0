import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import type { Box } from '../types.js';

/**
 * The strokes of a text line on a busy photo, by morphological top-hat: a grey opening (or closing)
 * with a square wider than any stroke wipes the letters out and keeps the photo's larger shapes,
 * so the difference is the letters. It does not need the text's colour, which on a semi-transparent
 * watermark is the photo's colour shifted, nor a clean background around it.
 */
export function strokeMask(
  img: Raster,
  box: Box,
  lineHeight: number,
): { mask: Mask; polarity: 'light' | 'dark' } {
  const { width: W } = img;
  const { x: x0, y: y0, width: w, height: h } = box;
  const lum = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = ((y0 + y) * W + x0 + x) * 4;
      lum[y * w + x] = 0.299 * img.data[i] + 0.587 * img.data[i + 1] + 0.114 * img.data[i + 2];
    }
  }
  // Bold strokes are about an eighth of the line height; the square must be clearly wider.
  const k = Math.max(3, Math.round(lineHeight * 0.3));
  const open = filter(filter(lum, w, h, k, Math.min), w, h, k, Math.max);
  const close = filter(filter(lum, w, h, k, Math.max), w, h, k, Math.min);
  const light = new Float32Array(w * h);
  const dark = new Float32Array(w * h);
  for (let i = 0; i < lum.length; i++) {
    light[i] = lum[i] - open[i];
    dark[i] = close[i] - lum[i];
  }
  const polarity = high(light) >= high(dark) ? 'light' : 'dark';
  const hat = polarity === 'light' ? light : dark;
  const t = Math.max(12, otsu(hat));
  const mask = new Uint8Array(img.width * img.height);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) if (hat[y * w + x] > t) mask[(y0 + y) * W + x0 + x] = 1;
  return { mask, polarity };
}

/** Separable min or max over a k×k square (clamped at the edges). */
export function filter(
  src: Float32Array,
  w: number,
  h: number,
  k: number,
  op: (a: number, b: number) => number,
) {
  const r = k >> 1;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = src[y * w + x];
      for (let d = Math.max(0, x - r); d <= Math.min(w - 1, x + r); d++) v = op(v, src[y * w + d]);
      tmp[y * w + x] = v;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = tmp[y * w + x];
      for (let d = Math.max(0, y - r); d <= Math.min(h - 1, y + r); d++) v = op(v, tmp[d * w + x]);
      out[y * w + x] = v;
    }
  }
  return out;
}

/** 95th percentile: how strongly the line stands out in one polarity. */
function high(v: Float32Array): number {
  const s = Float32Array.from(v).sort();
  return s[Math.floor(0.95 * (s.length - 1))];
}

/** Otsu's threshold over 0..255 top-hat values. */
function otsu(v: Float32Array): number {
  const hist = new Float64Array(256);
  for (const x of v) hist[Math.max(0, Math.min(255, Math.round(x)))]++;
  const total = v.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i];
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let at = 0;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      at = t;
    }
  }
  return at;
}
