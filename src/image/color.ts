import type { Rgb } from '../types.js';

const lin = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 / 116) * t + 16 / 116);

/** sRGB (0–255) → CIE L*a*b* (D65). */
export function rgbToLab(c: Rgb): [number, number, number] {
  const r = lin(c[0]);
  const g = lin(c[1]);
  const b = lin(c[2]);
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 colour difference: ~2.3 is just noticeable, > 10 is a clearly different colour. */
export function deltaE(a: Rgb, b: Rgb): number {
  const p = rgbToLab(a);
  const q = rgbToLab(b);
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** Per-channel median of RGB samples (robust to anti-aliased edge pixels); histogram, O(n). */
export function medianRgb(samples: number[][]): Rgb {
  if (samples.length === 0) return [0, 0, 0];
  const hist = new Uint32Array(768);
  for (const s of samples) {
    hist[clamp8(s[0])]++;
    hist[256 + clamp8(s[1])]++;
    hist[512 + clamp8(s[2])]++;
  }
  const half = samples.length >> 1;
  const out: number[] = [];
  for (let c = 0; c < 3; c++) {
    let seen = 0;
    let v = 0;
    while (v < 255 && seen + hist[c * 256 + v] <= half) seen += hist[c * 256 + v++];
    out.push(v);
  }
  return out as Rgb;
}

const clamp8 = (v: number) => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

export function toHex(c: Rgb): string {
  return '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
}
