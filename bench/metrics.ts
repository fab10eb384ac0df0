/**
 * Image-quality metrics on raw, interleaved 8-bit buffers (RGB or RGBA, `channels` per pixel, no row
 * padding). Pure functions: no I/O, no decoding. An optional `box` restricts a metric to a region; it
 * is clamped to the image.
 */
import type { Box } from '../src/types.js';

function clamp(box: Box | undefined, w: number, h: number): Box {
  if (!box) return { x: 0, y: 0, width: w, height: h };
  const x = Math.max(0, Math.floor(box.x));
  const y = Math.max(0, Math.floor(box.y));
  return {
    x,
    y,
    width: Math.max(0, Math.min(w, Math.ceil(box.x + box.width)) - x),
    height: Math.max(0, Math.min(h, Math.ceil(box.y + box.height)) - y),
  };
}

function checkSizes(a: Uint8Array, b: Uint8Array, w: number, h: number, channels: number): void {
  const n = w * h * channels;
  if (a.length < n || b.length < n) {
    throw new Error(`buffers too small for ${w}x${h}x${channels}: ${a.length}, ${b.length}`);
  }
}

/** Colour channels compared: RGB of RGBA (alpha ignored), the single channel of gray. */
const colourChannels = (channels: number) => (channels >= 3 ? 3 : 1);

/** Peak signal-to-noise ratio in dB over the colour channels inside `box`; Infinity when identical. */
export function psnr(
  a: Uint8Array,
  b: Uint8Array,
  w: number,
  h: number,
  channels: number,
  box?: Box,
): number {
  checkSizes(a, b, w, h, channels);
  const r = clamp(box, w, h);
  const cc = colourChannels(channels);
  let sum = 0;
  for (let y = r.y; y < r.y + r.height; y++) {
    let i = (y * w + r.x) * channels;
    for (let x = 0; x < r.width; x++, i += channels) {
      for (let k = 0; k < cc; k++) {
        const d = a[i + k] - b[i + k];
        sum += d * d;
      }
    }
  }
  const n = r.width * r.height * cc;
  if (n === 0) return NaN;
  const mse = sum / n;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** BT.601 luma of the region as floats, row-major, `r.width` wide. */
function luma(src: Uint8Array, w: number, channels: number, r: Box): Float64Array {
  const out = new Float64Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) {
    let i = ((r.y + y) * w + r.x) * channels;
    for (let x = 0; x < r.width; x++, i += channels) {
      out[y * r.width + x] =
        channels >= 3 ? 0.299 * src[i] + 0.587 * src[i + 1] + 0.114 * src[i + 2] : src[i];
    }
  }
  return out;
}

function gaussianKernel(size: number, sigma: number): Float64Array {
  const k = new Float64Array(size);
  const c = (size - 1) / 2;
  let s = 0;
  for (let i = 0; i < size; i++) {
    k[i] = Math.exp(-((i - c) ** 2) / (2 * sigma * sigma));
    s += k[i];
  }
  for (let i = 0; i < size; i++) k[i] /= s;
  return k;
}

/** Separable 'valid' filtering: output is (w - n + 1) x (h - n + 1). */
function filterValid(src: Float64Array, w: number, h: number, k: Float64Array): Float64Array {
  const n = k.length;
  const ow = w - n + 1;
  const oh = h - n + 1;
  const tmp = new Float64Array(ow * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += k[j] * src[row + x + j];
      tmp[y * ow + x] = s;
    }
  }
  const out = new Float64Array(ow * oh);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += k[j] * tmp[(y + j) * ow + x];
      out[y * ow + x] = s;
    }
  }
  return out;
}

/**
 * Mean SSIM (Wang et al. 2004) on luma inside `box`: 11x11 Gaussian window, sigma 1.5, K1 0.01,
 * K2 0.03, L 255, windows wholly inside the box. A box smaller than the window is scored as one
 * window with uniform weights. 1 for identical regions.
 */
export function ssim(
  a: Uint8Array,
  b: Uint8Array,
  w: number,
  h: number,
  channels: number,
  box?: Box,
): number {
  checkSizes(a, b, w, h, channels);
  const r = clamp(box, w, h);
  if (r.width === 0 || r.height === 0) return NaN;
  const C1 = (0.01 * 255) ** 2;
  const C2 = (0.03 * 255) ** 2;
  const x = luma(a, w, channels, r);
  const y = luma(b, w, channels, r);
  const win = 11;
  if (r.width < win || r.height < win) {
    const n = x.length;
    let mx = 0;
    let my = 0;
    for (let i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    let vx = 0;
    let vy = 0;
    let cxy = 0;
    for (let i = 0; i < n; i++) {
      vx += (x[i] - mx) ** 2;
      vy += (y[i] - my) ** 2;
      cxy += (x[i] - mx) * (y[i] - my);
    }
    vx /= n;
    vy /= n;
    cxy /= n;
    return ((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
  }
  const k = gaussianKernel(win, 1.5);
  const n = x.length;
  const xx = new Float64Array(n);
  const yy = new Float64Array(n);
  const xy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xx[i] = x[i] * x[i];
    yy[i] = y[i] * y[i];
    xy[i] = x[i] * y[i];
  }
  const mx = filterValid(x, r.width, r.height, k);
  const my = filterValid(y, r.width, r.height, k);
  const sxx = filterValid(xx, r.width, r.height, k);
  const syy = filterValid(yy, r.width, r.height, k);
  const sxy = filterValid(xy, r.width, r.height, k);
  let total = 0;
  for (let i = 0; i < mx.length; i++) {
    const m1 = mx[i];
    const m2 = my[i];
    const v1 = sxx[i] - m1 * m1;
    const v2 = syy[i] - m2 * m2;
    const c12 = sxy[i] - m1 * m2;
    total += ((2 * m1 * m2 + C1) * (2 * c12 + C2)) / ((m1 * m1 + m2 * m2 + C1) * (v1 + v2 + C2));
  }
  return total / mx.length;
}

/**
 * Pixels that differ (any channel, alpha included) outside `box` (or outside every box of a list):
 * what a surgical edit must keep at 0.
 */
export function changedOutside(
  a: Uint8Array,
  b: Uint8Array,
  w: number,
  h: number,
  channels: number,
  box: Box | Box[],
): number {
  checkSizes(a, b, w, h, channels);
  const boxes = (Array.isArray(box) ? box : [box]).map((bx) => clamp(bx, w, h));
  let count = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * channels;
      let differs = false;
      for (let k = 0; k < channels; k++) {
        if (a[i + k] !== b[i + k]) {
          differs = true;
          break;
        }
      }
      if (!differs) continue;
      const covered = boxes.some((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height);
      if (!covered) count++;
    }
  }
  return count;
}

/** The p-th percentile (0-100) with linear interpolation between ranks; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  const xs = values.filter((v) => !Number.isNaN(v)).sort((m, n) => m - n);
  if (xs.length === 0) return NaN;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (xs.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  if (lo === hi) return xs[lo];
  return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Arithmetic mean of the finite values (Infinity PSNRs of perfect cases are capped by the caller). */
export function mean(values: readonly number[]): number {
  const xs = values.filter((v) => Number.isFinite(v));
  return xs.length === 0 ? NaN : xs.reduce((s, v) => s + v, 0) / xs.length;
}
