/**
 * Mean of `values` (`channels` interleaved per pixel) over the pixels where `mask` is set, within
 * a (2r+1)² window round each pixel; NaN where the window holds none. Summed-area tables: every
 * window in O(1), so a local background of any radius costs two passes.
 */
export function maskedBoxMean(
  values: Float32Array,
  channels: number,
  mask: Uint8Array,
  w: number,
  h: number,
  r: number,
): Float32Array {
  if (channels === 1) return maskedBoxMean1(values, mask, w, h, r);
  const W = w + 1;
  const sums = Array.from({ length: channels + 1 }, () => new Float64Array(W * (h + 1)));
  const row = new Float64Array(channels + 1);
  for (let y = 0; y < h; y++) {
    row.fill(0);
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (mask[i]) {
        for (let c = 0; c < channels; c++) row[c] += values[i * channels + c];
        row[channels]++;
      }
      for (let c = 0; c <= channels; c++) sums[c][(y + 1) * W + x + 1] = sums[c][y * W + x + 1] + row[c];
    }
  }
  const out = new Float32Array(w * h * channels);
  const R = Math.max(1, Math.round(r));
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - R);
    const y1 = Math.min(h, y + R + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - R);
      const x1 = Math.min(w, x + R + 1);
      const box = (s: Float64Array) => s[y1 * W + x1] - s[y0 * W + x1] - s[y1 * W + x0] + s[y0 * W + x0];
      const n = box(sums[channels]);
      for (let c = 0; c < channels; c++) out[(y * w + x) * channels + c] = n > 0 ? box(sums[c]) / n : NaN;
    }
  }
  return out;
}

/** The one-channel case (luma), the hot one: the same sums in the same order, without closures. */
function maskedBoxMean1(
  values: Float32Array,
  mask: Uint8Array,
  w: number,
  h: number,
  r: number,
): Float32Array {
  const W = w + 1;
  const sum = new Float64Array(W * (h + 1));
  const cnt = new Float64Array(W * (h + 1));
  for (let y = 0; y < h; y++) {
    let rs = 0;
    let rc = 0;
    for (let x = 0, i = y * w, o = (y + 1) * W + 1; x < w; x++, i++, o++) {
      if (mask[i]) {
        rs += values[i];
        rc++;
      }
      sum[o] = sum[o - W] + rs;
      cnt[o] = cnt[o - W] + rc;
    }
  }
  const out = new Float32Array(w * h);
  const R = Math.max(1, Math.round(r));
  for (let y = 0; y < h; y++) {
    const a = Math.max(0, y - R) * W;
    const b = Math.min(h, y + R + 1) * W;
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - R);
      const x1 = Math.min(w, x + R + 1);
      const n = cnt[b + x1] - cnt[a + x1] - cnt[b + x0] + cnt[a + x0];
      out[y * w + x] = n > 0 ? (sum[b + x1] - sum[a + x1] - sum[b + x0] + sum[a + x0]) / n : NaN;
    }
  }
  return out;
}
