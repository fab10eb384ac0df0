// Shared by the engine and every op that builds its edit mask from pieces, or checks it.
import type { Mask } from '../../image/mask.js';
import type { Raster } from '../../image/raster.js';
import type { Box } from '../../types.js';

/** ORs a mask into another, within the box that holds all of its set pixels. */
export function orInto(into: Mask, from: Mask, width: number, box: Box): void {
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let i = y * width + box.x; i < y * width + box.x + box.width; i++) into[i] |= from[i];
  }
}

/** Counts pixels that differ from the input outside the edit mask: the surgical promise, checked. */
export function countChangedOutside(a: Raster, b: Raster, mask: Mask): number {
  let n = 0;
  if (a.data.byteOffset % 4 === 0 && b.data.byteOffset % 4 === 0) {
    // One 32-bit compare per RGBA pixel.
    const pa = new Uint32Array(a.data.buffer, a.data.byteOffset, mask.length);
    const pb = new Uint32Array(b.data.buffer, b.data.byteOffset, mask.length);
    for (let i = 0; i < mask.length; i++) if (!mask[i] && pa[i] !== pb[i]) n++;
    return n;
  }
  for (let i = 0; i < mask.length * 4; i++) if (!mask[i >> 2] && a.data[i] !== b.data[i]) n++;
  return n;
}
