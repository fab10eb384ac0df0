import sharp from 'sharp';
import type { Raster } from '../../image/raster.js';
import type { Mask } from '../../image/mask.js';
import { ProviderFailure } from './resilience.js';

/**
 * Generative editors redraw the whole frame: the answer comes back at the model's own size, a few
 * pixels shifted or zoomed, and colour-cast. Registration undoes that against the part of the sent
 * image the edit must not touch (`keep`): the size by resampling, scale and shift by search on
 * normalised luma, the cast by a per-channel gain and offset fitted on `keep` (not for global
 * restyles, where the colour change is the point).
 */
export interface Drift {
  returned: { width: number; height: number };
  /** Zoom found and undone (1 = none). */
  scale: number;
  /** Shift found and undone, in sent pixels. */
  shift_px: { x: number; y: number };
  gain: number[];
  offset: number[];
  /** Mean absolute difference on `keep`, 0–255, before and after registration. */
  residual_before: number;
  residual_after: number;
  /** False when too little was left untouched to measure drift on: only the size was undone. */
  measured: boolean;
}

/** Largest answer image decoded: 4× the most we ever send (2048 × 2048). */
export const MAX_ANSWER_PIXELS = 4 * 2048 * 2048;

/** Inside the call's retry policy: an answer that is no image, or a huge one, is the provider's failure. */
export async function checkAnswer(image: Buffer): Promise<void> {
  // Decoded in full: a header can be fine and the data truncated.
  await sharp(image, { limitInputPixels: MAX_ANSWER_PIXELS })
    .raw()
    .toBuffer()
    .catch((err: unknown) => {
      const why = err instanceof Error ? err.message : String(err);
      // sharp's own words for a header claiming more pixels than the limit.
      const huge = /pixel limit/iu.test(why);
      throw new ProviderFailure(`The answer is not an image that can be read: ${why}.`, {
        retryable: false,
        code: huge ? 'answer_too_large' : 'bad_image',
      });
    });
}
const SCALES = [0.96, 0.97, 0.98, 0.99, 1, 1.01, 1.02, 1.03, 1.04];
/** Fewest untouched sample points worth measuring drift on. */
const MIN_POINTS = 200;

export async function register(
  sent: Raster,
  returned: Buffer,
  keep: Mask,
  colour: boolean,
): Promise<{ raster: Raster; drift: Drift }> {
  const { width: w, height: h } = sent;
  // The answer is decoded under a pixel limit: a provider's image is not trusted to be sane.
  const opts = { limitInputPixels: MAX_ANSWER_PIXELS };
  const meta = await sharp(returned, opts).metadata();
  const data = await sharp(returned, opts)
    .ensureAlpha()
    .resize(w, h, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  const sized: Raster = {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: w,
    height: h,
  };
  const points = sample(keep, w, h, 12_000);
  const before = residual(sent, sized, points);
  const drift: Drift = {
    returned: { width: meta.width ?? w, height: meta.height ?? h },
    scale: 1,
    shift_px: { x: 0, y: 0 },
    gain: [1, 1, 1],
    offset: [0, 0, 0],
    residual_before: round(before),
    residual_after: round(before),
    measured: points.length >= MIN_POINTS,
  };
  if (!drift.measured) return { raster: sized, drift };
  const l: Lumas = { a: normalised(luma(sent), points), b: normalised(luma(sized), points), w, h };
  // Coarse: every scale, shifts up to 3% of the long side in steps of 2 px, nearest sampling on a
  // subset; then around the best, bilinear on every point: ±2 px by 1, then ±1 by 0.5 with the scale
  // ±0.005. Candidates nearest the current best come first and only a strictly lower error moves it,
  // so a frame that did not drift is not nudged by half a pixel.
  const reach = Math.ceil(0.03 * Math.max(w, h));
  const coarse = points.filter((_, k) => k % Math.ceil(points.length / 1500) === 0);
  let best = { s: 1, x: 0, y: 0, e: Infinity };
  for (const s of SCALES)
    for (let y = -reach; y <= reach; y += 2)
      for (let x = -reach; x <= reach; x += 2) best = better(best, s, x, y, l, coarse, false);
  best = { ...best, e: errorAt(best.s, best.x, best.y, l, points, true) };
  for (const [step, ds] of [
    [1, 0],
    [0.5, 0.005],
  ]) {
    const c = { ...best };
    const around = [];
    for (const sc of ds ? [0, -ds, ds] : [0])
      for (let y = -2; y <= 2; y++) for (let x = -2; x <= 2; x++) if (sc || x || y) around.push({ sc, x, y });
    around.sort((p, q) => Math.abs(p.x) + Math.abs(p.y) - Math.abs(q.x) - Math.abs(q.y));
    for (const o of around)
      best = better(best, c.s + o.sc, c.x + o.x * step, c.y + o.y * step, l, points, true);
  }
  const warped = warp(sized, best.s, best.x, best.y);
  if (colour) fitColour(sent, warped, points, drift);
  applyColour(warped, drift);
  drift.scale = best.s;
  drift.shift_px = { x: best.x, y: best.y };
  drift.residual_after = round(residual(sent, warped, points));
  return { raster: warped, drift };
}

/** The sent and returned frames' normalised luma, and their size. */
interface Lumas {
  a: Float32Array;
  b: Float32Array;
  w: number;
  h: number;
}

function better(
  cur: { s: number; x: number; y: number; e: number },
  s: number,
  x: number,
  y: number,
  l: Lumas,
  points: Int32Array,
  smooth: boolean,
) {
  const e = errorAt(s, x, y, l, points, smooth);
  return e < cur.e ? { s, x, y, e } : cur;
}

/** Mean |a(p) − b(c + s·(p − c) + t)| over the points; b read nearest or bilinear. */
function errorAt(s: number, x: number, y: number, l: Lumas, points: Int32Array, smooth: boolean): number {
  const { a, b, w, h } = l;
  const cx = w / 2;
  const cy = h / 2;
  let e = 0;
  for (const i of points) {
    const fx = Math.min(w - 1, Math.max(0, cx + s * ((i % w) + 0.5 - cx) + x - 0.5));
    const fy = Math.min(h - 1, Math.max(0, cy + s * (Math.floor(i / w) + 0.5 - cy) + y - 0.5));
    let v: number;
    if (smooth) {
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const x1 = Math.min(w - 1, x0 + 1);
      const y1 = Math.min(h - 1, y0 + 1);
      const wx = fx - x0;
      const wy = fy - y0;
      v =
        (b[y0 * w + x0] * (1 - wx) + b[y0 * w + x1] * wx) * (1 - wy) +
        (b[y1 * w + x0] * (1 - wx) + b[y1 * w + x1] * wx) * wy;
    } else v = b[Math.round(fy) * w + Math.round(fx)];
    e += Math.abs(a[i] - v);
  }
  return e / points.length;
}

/** out(p) = in(c + s·(p − c) + t): the model's frame brought back onto the sent one. */
function warp(r: Raster, s: number, tx: number, ty: number): Raster {
  const { width: w, height: h } = r;
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(h - 1, Math.max(0, h / 2 + s * (y + 0.5 - h / 2) + ty - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(w - 1, Math.max(0, w / 2 + s * (x + 0.5 - w / 2) + tx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const wx = fx - x0;
      for (let c = 0; c < 4; c++) {
        const top = r.data[(y0 * w + x0) * 4 + c] * (1 - wx) + r.data[(y0 * w + x1) * 4 + c] * wx;
        const bot = r.data[(y1 * w + x0) * 4 + c] * (1 - wx) + r.data[(y1 * w + x1) * 4 + c] * wx;
        out[(y * w + x) * 4 + c] = Math.round(top * (1 - wy) + bot * wy);
      }
    }
  }
  return { data: out, width: w, height: h };
}

function fitColour(sent: Raster, got: Raster, points: Int32Array, drift: Drift): void {
  for (let c = 0; c < 3; c++) {
    let sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    for (const i of points) {
      const x = got.data[i * 4 + c];
      const y = sent.data[i * 4 + c];
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    const n = points.length;
    const varX = sxx / n - (sx / n) ** 2;
    const gain = varX > 1 ? Math.min(2, Math.max(0.5, (sxy / n - (sx / n) * (sy / n)) / varX)) : 1;
    drift.gain[c] = round(gain);
    drift.offset[c] = round(sy / n - gain * (sx / n));
  }
}

function applyColour(r: Raster, d: Drift): void {
  for (let i = 0; i < r.data.length; i += 4)
    for (let c = 0; c < 3; c++)
      r.data[i + c] = Math.min(255, Math.max(0, Math.round(r.data[i + c] * d.gain[c] + d.offset[c])));
}

function luma(r: Raster): Float32Array {
  const out = new Float32Array(r.width * r.height);
  for (let i = 0; i < out.length; i++)
    out[i] = 0.299 * r.data[i * 4] + 0.587 * r.data[i * 4 + 1] + 0.114 * r.data[i * 4 + 2];
  return out;
}

/** Zero mean, unit spread over the points: a colour cast does not move the best shift. */
function normalised(l: Float32Array, points: Int32Array): Float32Array {
  let sum = 0,
    sq = 0;
  for (const i of points) {
    sum += l[i];
    sq += l[i] * l[i];
  }
  const mean = sum / points.length;
  const sd = Math.sqrt(Math.max(1e-6, sq / points.length - mean * mean));
  return l.map((v) => (v - mean) / sd);
}

/** Up to `max` kept pixels on a regular lattice, away from the frame's edge (where shifts read clamped pixels). */
function sample(keep: Mask, w: number, h: number, max: number): Int32Array {
  const margin = Math.ceil(0.04 * Math.max(w, h));
  const step = Math.max(1, Math.floor(Math.sqrt((w * h) / max)));
  const out: number[] = [];
  for (let y = margin; y < h - margin; y += step)
    for (let x = margin; x < w - margin; x += step) if (keep[y * w + x]) out.push(y * w + x);
  return Int32Array.from(out);
}

function residual(a: Raster, b: Raster, points: Int32Array): number {
  if (points.length === 0) return 0;
  let e = 0;
  for (const i of points) for (let c = 0; c < 3; c++) e += Math.abs(a.data[i * 4 + c] - b.data[i * 4 + c]);
  return e / (points.length * 3);
}

const round = (v: number) => Math.round(v * 100) / 100;
