import { clampBox, cropRaster, padBox, type Raster } from '../../image/raster.js';
import { cachedSync, rasterKey } from '../../runtime/analysis-cache.js';
import { fitStyle } from '../../text/fit.js';
import { frameOf, inFrame } from '../../text/frame.js';
import { segmentLine } from '../../text/segment.js';
import type { TextTarget } from './target.js';
import { boundsOf } from './geometry.js';

/**
 * Reads the old line as drawn: a patch around its quad, the ink separated from the background
 * (other lines kept out), and the style whose re-rendering matches that ink best. Done once per
 * image and line: the variants of a batch that change the same line share it (read-only).
 */
export function analyseLine(img: Raster, t: TextTarget): Analysed {
  const key = `line:${rasterKey(img)}:${JSON.stringify([t.quad, t.lineText, t.positions, t.others])}`;
  const found = cachedSync(
    key,
    (a) => a.p1.width * a.p1.height * 24,
    () => analyse(img, t),
  );
  return { ...found, key };
}

/** The analysis, and the key that names it (for work that derives from it). */
export type Analysed = ReturnType<typeof analyse> & { key: string };

function analyse(img: Raster, t: TextTarget) {
  const full = frameOf(t.quad);
  const pad = Math.max(8, full.height * 0.6);
  const xs = t.quad.map((p) => p[0]);
  const ys = t.quad.map((p) => p[1]);
  const quadBox = {
    x: Math.min(...xs),
    y: Math.min(...ys),
    width: Math.max(...xs) - Math.min(...xs),
    height: Math.max(...ys) - Math.min(...ys),
  };
  const p1 = clampBox(padBox(quadBox, pad), img.width, img.height);
  const patch = cropRaster(img, p1);
  const frame = frameOf(t.quad, p1.x, p1.y);
  const exclude = new Uint8Array(p1.width * p1.height);
  for (const q of t.others) {
    // Only the part of the other line's box that overlaps the patch needs testing.
    const f = frameOf(q, p1.x, p1.y);
    const b = clampBox(padBox(boundsOf(q, p1), 2), p1.width, p1.height);
    for (let y = b.y; y < b.y + b.height; y++)
      for (let x = b.x; x < b.x + b.width; x++) if (inFrame(f, x, y, 1)) exclude[y * p1.width + x] = 1;
  }
  // Keep the reading of the ink whose re-rendering matches the original best.
  const { seg, style } = [segmentLine(patch, frame, exclude)]
    .flatMap((s) => [s, ...(s.alternatives ?? [])])
    .map((s) => ({ seg: s, style: fitStyle(patch, frame, s, t.lineText, t.positions) }))
    .reduce((a, b) => (b.style.match > a.style.match ? b : a));
  return { full, p1, frame, exclude, seg, style };
}
