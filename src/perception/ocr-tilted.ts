import sharp from 'sharp';
import type { Raster } from '../image/raster.js';
import type { Quad } from '../types.js';
import { readLines, type OcrLine } from './ocr.js';
import { findCopies } from './repeats.js';

/** Lines tilted at least this much (degrees) count as tilted. */
const TILTED_DEG = 8;
/** Tilts within this many degrees of each other are one tilt (a tiled watermark's copies). */
const SAME_TILT_DEG = 6;

/** A line's angle in degrees, from its quad's top edge (negative: rising to the right). */
export function lineAngle(q: Quad): number {
  return (Math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]) * 180) / Math.PI;
}

/**
 * The tilt that a text repeated at an angle shows (a tiled watermark: `SAMPLE` over and over at
 * 30°): the median angle of the largest group of tilted lines, when the group has at least `min`
 * lines. The detector reads such marks as fragments ('MPL', 'AMPLE'); their angles still agree.
 */
export function repeatedTilt(lines: OcrLine[], min: number): number | undefined {
  const tilted = lines.map((l) => lineAngle(l.quad)).filter((a) => Math.abs(a) >= TILTED_DEG);
  let best: number[] = [];
  for (const a of tilted) {
    const group = tilted.filter((b) => Math.abs(b - a) <= SAME_TILT_DEG);
    if (group.length > best.length) best = group;
  }
  if (best.length < min) return undefined;
  best.sort((a, b) => a - b);
  return best[best.length >> 1];
}

/**
 * Reads the image turned so that lines at `angle` degrees run level (the detector finds level
 * lines whole), adds the copies of a repeated mark that detection missed, and maps the quads back
 * into the image. Quads mostly outside the image are dropped; a copy cut by the border stays.
 */
export async function readLinesAt(img: Raster, angle: number): Promise<OcrLine[]> {
  const { data, info } = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
    .rotate(-angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const level: Raster = {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
  const read = await readLines(level);
  const lines = [...read, ...(await findCopies(level, read))];
  // sharp turned the image clockwise by -angle about its centre and grew the canvas: undo that.
  const t = (angle * Math.PI) / 180;
  const [cos, sin] = [Math.cos(t), Math.sin(t)];
  const back = ([x, y]: [number, number]): [number, number] => {
    const dx = x - info.width / 2;
    const dy = y - info.height / 2;
    return [img.width / 2 + dx * cos - dy * sin, img.height / 2 + dx * sin + dy * cos];
  };
  return lines
    .map((l) => ({ ...l, quad: l.quad.map(back) as Quad }))
    .filter((l) => insideShare(l.quad, img) >= 0.6);
}

/**
 * The lines with a second read at the tilt of a repeated mark: each line found there replaces the
 * level-read lines (fragments) it overlaps. Unchanged when no repeated tilt shows.
 */
export async function withTiltedLines(img: Raster, lines: OcrLine[], min = 2): Promise<OcrLine[]> {
  const angle = repeatedTilt(lines, min);
  if (angle === undefined) return lines;
  const tilted = await readLinesAt(img, angle);
  if (tilted.length === 0) return lines;
  const kept = lines.filter((l) => !tilted.some((t) => overlap(l.quad, t.quad) >= 0.5));
  return [...kept, ...tilted];
}

/** Share of quad a's bounding box that lies inside quad b's bounding box. */
function overlap(a: Quad, b: Quad): number {
  const box = (q: Quad) => {
    const xs = q.map((p) => p[0]);
    const ys = q.map((p) => p[1]);
    return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  };
  const p = box(a);
  const q = box(b);
  const w = Math.max(0, Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0));
  const h = Math.max(0, Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0));
  return (w * h) / Math.max(1, (p.x1 - p.x0) * (p.y1 - p.y0));
}

/** Share of a quad's corners-and-centre sample points inside the image. */
function insideShare(q: Quad, img: Raster): number {
  const pts: [number, number][] = [];
  for (let u = 0; u <= 4; u++) {
    for (let v = 0; v <= 2; v++) {
      const a = u / 4;
      const b = v / 2;
      const top = [q[0][0] + (q[1][0] - q[0][0]) * a, q[0][1] + (q[1][1] - q[0][1]) * a];
      const bot = [q[3][0] + (q[2][0] - q[3][0]) * a, q[3][1] + (q[2][1] - q[3][1]) * a];
      pts.push([top[0] + (bot[0] - top[0]) * b, top[1] + (bot[1] - top[1]) * b]);
    }
  }
  return pts.filter(([x, y]) => x >= 0 && y >= 0 && x <= img.width && y <= img.height).length / pts.length;
}
