/** Small statistics over the unblend grids: bilinear reads, per-element medians, Otsu's split. */

/** Bilinear read of a grid; 0 outside it. */
export function at(g: Float32Array, w: number, h: number, a: number, b: number): number {
  if (a < 0 || b < 0 || a > w - 1 || b > h - 1) return 0;
  const a0 = Math.floor(a);
  const b0 = Math.floor(b);
  const a1 = Math.min(a0 + 1, w - 1);
  const b1 = Math.min(b0 + 1, h - 1);
  const fa = a - a0;
  const fb = b - b0;
  const top = g[b0 * w + a0] * (1 - fa) + g[b0 * w + a1] * fa;
  const bot = g[b1 * w + a0] * (1 - fa) + g[b1 * w + a1] * fa;
  return top * (1 - fb) + bot * fb;
}

/** Per-element median of equally long arrays, NaNs left out (NaN where all are). */
export function medianOf(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays[0].length);
  const col: number[] = [];
  for (let i = 0; i < out.length; i++) {
    col.length = 0;
    for (const a of arrays) if (!Number.isNaN(a[i])) col.push(a[i]);
    out[i] = col.length ? median(col) : NaN;
  }
  return out;
}

/** Otsu's threshold of values in [0, 1] (100 bins). */
export function otsu(values: number[]): number {
  const bins = new Array<number>(100).fill(0);
  for (const v of values) bins[Math.min(99, Math.floor(v * 100))]++;
  const total = values.length;
  const sum = bins.reduce((s, n, i) => s + n * i, 0);
  let [wB, sumB, best, at] = [0, 0, -1, 0];
  for (let i = 0; i < 100; i++) {
    wB += bins[i];
    if (wB === 0 || wB === total) continue;
    sumB += bins[i] * i;
    const mB = sumB / wB;
    const mF = (sum - sumB) / (total - wB);
    const between = wB * (total - wB) * (mB - mF) ** 2;
    if (between > best) [best, at] = [between, i];
  }
  return (at + 1) / 100;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}
