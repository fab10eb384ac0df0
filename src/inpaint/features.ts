/**
 * Texture features for the patch distance (Newson et al. 2014, "Video inpainting of complex scenes"):
 * two extra channels per pixel, |∂Y/∂x| and |∂Y/∂y| averaged over a window. Colour alone lets the
 * blurry first guess of a hole match flat sources best, and EM then converges to a smooth fill; with
 * the features, a hole whose surroundings are grainy asks for grainy sources. Hole pixels get their
 * features the way they get their colour: onion fill at the coarsest level, then voting.
 */
import type { Level } from './pyramid.js';

/**
 * `l` with two feature channels appended after its colour channels, scaled by √weight per colour
 * channel so that SSD = colour SSD + weight × colour channels × feature SSD.
 */
export function withFeatures(l: Level, weight: number, window: number): Level {
  const { w, h, c, img, hole } = l;
  const luma = new Float32Array(w * h);
  for (let p = 0; p < w * h; p++) {
    let s = 0;
    for (let k = 0; k < c; k++) s += img[p * c + k];
    luma[p] = s / c;
  }
  // Central differences where both neighbours are known; 0 (and not counted) elsewhere.
  const gx = new Float32Array(w * h);
  const gy = new Float32Array(w * h);
  const ok = new Uint8Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1, p = y * w + 1; x < w - 1; x++, p++) {
      if (hole[p - 1] || hole[p + 1] || hole[p - w] || hole[p + w] || hole[p]) continue;
      gx[p] = Math.abs(luma[p + 1] - luma[p - 1]) / 2;
      gy[p] = Math.abs(luma[p + w] - luma[p - w]) / 2;
      ok[p] = 1;
    }
  }
  const ax = boxMean(gx, ok, w, h, window >> 1);
  const ay = boxMean(gy, ok, w, h, window >> 1);
  const C = c + 2;
  const out = new Float32Array(w * h * C);
  const s = Math.sqrt(weight * c);
  for (let p = 0; p < w * h; p++) {
    for (let k = 0; k < c; k++) out[p * C + k] = img[p * c + k];
    out[p * C + c] = s * ax[p];
    out[p * C + c + 1] = s * ay[p];
  }
  return { w, h, c: C, img: out, hole };
}

/** Mean of `v` over the counted pixels of a (2r+1)² window (separable, via running sums). */
function boxMean(v: Float32Array, ok: Uint8Array, w: number, h: number, r: number): Float32Array {
  const sv = new Float32Array(w * h);
  const sn = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    let a = 0;
    let n = 0;
    const row = y * w;
    for (let x = -r; x < w; x++) {
      const add = x + r;
      if (add < w) {
        a += v[row + add];
        n += ok[row + add];
      }
      const sub = x - r - 1;
      if (sub >= 0) {
        a -= v[row + sub];
        n -= ok[row + sub];
      }
      if (x >= 0) {
        sv[row + x] = a;
        sn[row + x] = n;
      }
    }
  }
  const out = new Float32Array(w * h);
  for (let x = 0; x < w; x++) {
    let a = 0;
    let n = 0;
    for (let y = -r; y < h; y++) {
      const add = y + r;
      if (add < h) {
        a += sv[add * w + x];
        n += sn[add * w + x];
      }
      const sub = y - r - 1;
      if (sub >= 0) {
        a -= sv[sub * w + x];
        n -= sn[sub * w + x];
      }
      if (y >= 0) out[y * w + x] = n > 0 ? a / n : 0;
    }
  }
  return out;
}

/** The colour channels of a featured level, written back into `base` (same size, `c` colours). */
export function copyColour(from: Level, base: Level): void {
  const { c } = base;
  const C = from.c;
  for (let p = 0; p < base.w * base.h; p++) {
    for (let k = 0; k < c; k++) base.img[p * c + k] = from.img[p * C + k];
  }
}
