/**
 * Image pyramid for exemplar inpainting: float pixels with `c` interleaved channels and a hole map per
 * level. Coarse levels keep the hole conservative (a coarse pixel is a hole if any of its children
 * is), so every known coarse pixel is an average of known fine pixels only.
 */
export interface Level {
  w: number;
  h: number;
  /** Channels per pixel: 1 for gray crops, 3 for colour. */
  c: number;
  img: Float32Array;
  /** 1 = unknown (to be filled). */
  hole: Uint8Array;
}

/** Halves a level with a 2×2 box filter over known children. */
export function downsample(l: Level): Level {
  const w = Math.max(1, l.w >> 1);
  const h = Math.max(1, l.h >> 1);
  const c = l.c;
  const img = new Float32Array(w * h * c);
  const hole = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = y * w + x;
      let n = 0;
      let any = 0;
      for (let j = 0; j < 2; j++) {
        const yy = Math.min(2 * y + j, l.h - 1);
        for (let i = 0; i < 2; i++) {
          const q = yy * l.w + Math.min(2 * x + i, l.w - 1);
          if (l.hole[q]) {
            any = 1;
            continue;
          }
          n++;
          for (let k = 0; k < c; k++) img[o * c + k] += l.img[q * c + k];
        }
      }
      hole[o] = any;
      if (n > 0) for (let k = 0; k < c; k++) img[o * c + k] /= n;
    }
  }
  return { w, h, c, img, hole };
}

/**
 * Onion-peel initial guess for the coarsest level: hole pixels, nearest the border first, take the
 * mean of their already-known 8-neighbours. Smooth, but only a starting point for the EM iterations.
 */
export function onionFill(l: Level, depth: Float32Array): void {
  const { w, h, c, img } = l;
  const order = Array.from(l.hole.keys()).filter((i) => l.hole[i]);
  order.sort((a, b) => depth[a] - depth[b] || a - b);
  const done = new Uint8Array(w * h);
  for (let i = 0; i < done.length; i++) done[i] = l.hole[i] ? 0 : 1;
  const acc = new Float64Array(c);
  for (const p of order) {
    const x = p % w;
    const y = (p - x) / w;
    let n = 0;
    acc.fill(0);
    for (let rad = 1; n === 0 && rad <= Math.max(w, h); rad++) {
      for (let yy = Math.max(0, y - rad); yy <= Math.min(h - 1, y + rad); yy++) {
        for (let xx = Math.max(0, x - rad); xx <= Math.min(w - 1, x + rad); xx++) {
          const q = yy * w + xx;
          if (!done[q]) continue;
          n++;
          for (let k = 0; k < c; k++) acc[k] += img[q * c + k];
        }
      }
    }
    for (let k = 0; k < c; k++) img[p * c + k] = n ? acc[k] / n : 128;
    done[p] = 1;
  }
}

/** Bilinear-free nearest upsampling of a coarse level's hole pixels into the finer level's hole. */
export function upsampleHole(coarse: Level, fine: Level): void {
  const { c } = fine;
  for (let y = 0; y < fine.h; y++) {
    const cy = Math.min(y >> 1, coarse.h - 1);
    for (let x = 0; x < fine.w; x++) {
      const p = y * fine.w + x;
      if (!fine.hole[p]) continue;
      const q = cy * coarse.w + Math.min(x >> 1, coarse.w - 1);
      for (let k = 0; k < c; k++) fine.img[p * c + k] = coarse.img[q * c + k];
    }
  }
}
