/**
 * Gaussian blur by three box passes per axis (variance adds up to sigma²): linear in the pixel
 * count whatever the sigma, so a 40 px background blur costs the same as a 4 px one. The window
 * shrinks at the borders (an average of the samples that exist), so edges do not darken.
 */
export function gaussianBlur(plane: Float32Array, w: number, h: number, sigma: number): Float32Array {
  // A box of radius r has variance r(r + 1)/3: mix radii r and r + 1 over the three passes so
  // the total lands near sigma² (one radius alone is up to 50% off for small sigmas).
  const v = (r: number) => (r * (r + 1)) / 3;
  const lo = Math.max(0, Math.floor(Math.sqrt(sigma * sigma + 0.25) - 0.5));
  const nLo = Math.min(3, Math.max(0, Math.round((3 * v(lo + 1) - sigma * sigma) / (v(lo + 1) - v(lo)))));
  const radii = [0, 1, 2].map((k) => (k < nLo ? lo : lo + 1)).filter((r) => r > 0);
  const a = new Float32Array(plane);
  const b = new Float32Array(plane.length);
  const sums = new Float64Array(w);
  for (const r of radii) {
    for (let y = 0; y < h; y++) boxRow(a, b, y * w, w, r);
    boxColumns(b, a, w, h, r, sums);
  }
  return a;
}

/** Running mean over [x − r, x + r] ∩ [0, w) along one row. */
function boxRow(src: Float32Array, dst: Float32Array, start: number, w: number, r: number): void {
  let sum = 0;
  for (let x = 0; x < Math.min(w, r); x++) sum += src[start + x];
  for (let x = 0; x < w; x++) {
    if (x + r < w) sum += src[start + x + r];
    if (x - r - 1 >= 0) sum -= src[start + x - r - 1];
    dst[start + x] = sum / (Math.min(w - 1, x + r) - Math.max(0, x - r) + 1);
  }
}

/** The same down every column at once, a row at a time, so memory is read in order. */
function boxColumns(
  src: Float32Array,
  dst: Float32Array,
  w: number,
  h: number,
  r: number,
  sums: Float64Array,
): void {
  sums.fill(0);
  for (let y = 0; y < Math.min(h, r); y++) for (let x = 0; x < w; x++) sums[x] += src[y * w + x];
  for (let y = 0; y < h; y++) {
    const add = y + r < h ? (y + r) * w : -1;
    const sub = y - r - 1 >= 0 ? (y - r - 1) * w : -1;
    const inv = 1 / (Math.min(h - 1, y + r) - Math.max(0, y - r) + 1);
    for (let x = 0; x < w; x++) {
      if (add >= 0) sums[x] += src[add + x];
      if (sub >= 0) sums[x] -= src[sub + x];
      dst[y * w + x] = sums[x] * inv;
    }
  }
}

/**
 * Weighted Gaussian average of interleaved RGB floats: blur(w·C) / blur(w). With w = "how much of
 * this pixel is background" it spreads only background colour into the subject's place, so nothing
 * of the subject leaks in. An optional `wide` blur weighs in at 1% so that pixels the first cannot
 * reach (deep inside a large subject) still get a nearby colour, without a seam where it takes over;
 * pixels neither reaches come out black.
 */
export function weightedBlur(
  rgb: Float32Array,
  w: number,
  h: number,
  weight: Float32Array,
  sigma: number,
  wide?: number,
): Float32Array {
  const n = w * h;
  const share = wide === undefined ? 0 : 0.01;
  const both = (p: Float32Array) => {
    const near = gaussianBlur(p, w, h, sigma);
    if (wide === undefined) return near;
    const far = gaussianBlur(p, w, h, wide);
    for (let i = 0; i < n; i++) near[i] += share * far[i];
    return near;
  };
  const den = both(weight);
  const out = new Float32Array(n * 3);
  const plane = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) plane[i] = weight[i] * rgb[i * 3 + c];
    const num = both(plane);
    for (let i = 0; i < n; i++) out[i * 3 + c] = den[i] > 1e-9 ? num[i] / den[i] : 0;
  }
  return out;
}
