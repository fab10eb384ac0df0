/** Binary masks: one byte a pixel, non-zero = set. Helpers stay allocation-light for hot loops. */
export type Mask = Uint8Array;

/**
 * Chamfer (3-4) distance, in pixels, from every pixel to the nearest pixel whose set-ness equals
 * `to` (true: nearest set pixel; false: nearest unset pixel). Pixels outside the grid count as unset.
 */
export function distanceTo(mask: Mask, w: number, h: number, to: boolean): Float32Array {
  const INF = 1e9;
  const d = new Float32Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = (mask[i] !== 0) === to ? 0 : INF;
  // Outside the grid: unset, so at distance 0 when measuring depth into a shape, far otherwise.
  const out = to ? INF : 0;
  // Border pixels read the outside; interior ones (the hot loop) need no bounds test.
  const forward = (x: number, y: number, i: number) => {
    const up = y > 0;
    let v = d[i];
    v = Math.min(v, (x > 0 ? d[i - 1] : out) + 3);
    v = Math.min(v, (up ? d[i - w] : out) + 3);
    v = Math.min(v, (up && x > 0 ? d[i - w - 1] : out) + 4);
    return Math.min(v, (up && x < w - 1 ? d[i - w + 1] : out) + 4);
  };
  const backward = (x: number, y: number, i: number) => {
    const down = y < h - 1;
    let v = d[i];
    v = Math.min(v, (x < w - 1 ? d[i + 1] : out) + 3);
    v = Math.min(v, (down ? d[i + w] : out) + 3);
    v = Math.min(v, (down && x < w - 1 ? d[i + w + 1] : out) + 4);
    return Math.min(v, (down && x > 0 ? d[i + w - 1] : out) + 4);
  };
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const edge = y === 0 || w < 3;
    for (let x = 0, i = row; x < w; x++, i++) {
      if (d[i] === 0) continue;
      if (edge || x === 0 || x === w - 1) {
        d[i] = forward(x, y, i);
        continue;
      }
      let v = d[i];
      const a = d[i - 1] + 3;
      if (a < v) v = a;
      const b = d[i - w] + 3;
      if (b < v) v = b;
      const c = d[i - w - 1] + 4;
      if (c < v) v = c;
      const e = d[i - w + 1] + 4;
      d[i] = e < v ? e : v;
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    const edge = y === h - 1 || w < 3;
    for (let x = w - 1, i = y * w + w - 1; x >= 0; x--, i--) {
      if (d[i] === 0) continue;
      if (edge || x === 0 || x === w - 1) {
        d[i] = backward(x, y, i);
        continue;
      }
      let v = d[i];
      const a = d[i + 1] + 3;
      if (a < v) v = a;
      const b = d[i + w] + 3;
      if (b < v) v = b;
      const c = d[i + w + 1] + 4;
      if (c < v) v = c;
      const e = d[i + w - 1] + 4;
      d[i] = e < v ? e : v;
    }
  }
  for (let i = 0; i < d.length; i++) d[i] /= 3;
  return d;
}

/**
 * Grows a mask by a square of half-width `r` (separable running maximum): four cheap passes, for
 * "near the glyphs" tests where the exact shape of the neighbourhood does not matter.
 */
export function dilateSquare(mask: Mask, w: number, h: number, r: number): Mask {
  const k = Math.max(0, Math.round(r));
  const rows = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) spread(mask, rows, y * w, 1, w, k);
  const out = new Uint8Array(w * h);
  for (let x = 0; x < w; x++) spread(rows, out, x, w, h, k);
  return out;
}

/** 1-D dilation along one row or column: set every cell within k of a set cell. */
function spread(src: Mask, dst: Mask, start: number, step: number, n: number, k: number): void {
  let last = -Infinity;
  for (let j = 0; j < n; j++) {
    if (src[start + j * step]) last = j;
    if (j - last <= k) dst[start + j * step] = 1;
  }
  last = Infinity;
  for (let j = n - 1; j >= 0; j--) {
    if (src[start + j * step]) last = j;
    if (last - j <= k) dst[start + j * step] = 1;
  }
}

/** Grows a mask by `r` pixels (round structuring element, approximately). */
export function dilate(mask: Mask, w: number, h: number, r: number): Mask {
  if (r <= 0) return new Uint8Array(mask);
  const out = new Uint8Array(w * h);
  const b = maskBounds(mask, w, h);
  if (!b) return out;
  // Only the set pixels' box grown by r can change, and a shortest chamfer path between two of its
  // pixels never leaves it: the distances measured in that window are the whole grid's.
  const m = Math.ceil(r) + 1;
  const x0 = Math.max(0, b.x - m);
  const y0 = Math.max(0, b.y - m);
  const cw = Math.min(w, b.x + b.width + m) - x0;
  const ch = Math.min(h, b.y + b.height + m) - y0;
  const win = new Uint8Array(cw * ch);
  for (let y = 0; y < ch; y++) win.set(mask.subarray((y + y0) * w + x0, (y + y0) * w + x0 + cw), y * cw);
  const d = distanceTo(win, cw, ch, true);
  for (let y = 0; y < ch; y++) {
    for (let x = 0, i = y * cw, o = (y + y0) * w + x0; x < cw; x++, i++, o++) out[o] = d[i] <= r ? 1 : 0;
  }
  return out;
}

export function countSet(mask: Mask): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  return n;
}

/** Bounding box of the set pixels, or undefined for an empty mask. */
export function maskBounds(mask: Mask, w: number, h: number) {
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let a = 0;
    while (a < w && !mask[row + a]) a++;
    if (a === w) continue;
    let b = w - 1;
    while (!mask[row + b]) b--;
    if (a < x0) x0 = a;
    if (b > x1) x1 = b;
    if (y < y0) y0 = y;
    y1 = y;
  }
  return x1 < 0 ? undefined : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Intersection over union of two masks of the same size. */
export function iou(a: Mask, b: Mask): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] !== 0;
    const y = b[i] !== 0;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union ? inter / union : 0;
}
