import { comparable, findText } from '../grounding/text.js';
import { loadOpenCv } from '../image/opencv.js';
import type { Raster } from '../image/raster.js';
import type { Quad } from '../types.js';
import { readQuad, type OcrLine } from './ocr.js';

/** Correlation a place must reach to be worth reading: a prefilter, the recogniser decides. */
const MIN_NCC = 0.12;
/** Places read at most (about 20 ms each). */
const MAX_READS = 40;

/**
 * Copies of a repeated mark that detection missed (a tiled watermark over a busy photo: white
 * letters at 25% over a white cup rim are found by no detector). `level` is the image turned so the
 * mark runs level and the lines read there; the clearest whole copy is the template, and every
 * place its stroke pattern (luma less its local mean, which a semi-transparent mark keeps on any
 * background) correlates with best is read by the recogniser, and kept when it reads the mark
 * there. Returns the new copies in `level` coordinates.
 */
export async function findCopies(level: Raster, lines: OcrLine[]): Promise<OcrLine[]> {
  const template = [...lines]
    .filter((l) => l.score >= 0.9 && [...l.text].length >= 3)
    .sort((a, b) => [...b.text].length - [...a.text].length || b.score - a.score)[0];
  if (!template) return [];
  const box = boxOf(template.quad);
  if (box.width < 8 || box.height < 8) return [];
  const { cv } = await loadOpenCv();
  const detail = highPass(level, Math.max(3, Math.round(box.height * 0.5)));
  const image = cv.matFromArray(level.height, level.width, cv.CV_32F, detail);
  // The mean of every whole copy read: the photo under each differs and averages away, the
  // mark's strokes are the same in all of them and stay.
  const whole = lines.filter((l) => l.text === template.text).map((l) => centredOn(boxOf(l.quad), box));
  const sum = new Float32Array(box.width * box.height);
  for (const b of whole) {
    const c = crop(detail, level.width, level.height, b);
    for (let i = 0; i < sum.length; i++) sum[i] += c[i] / whole.length;
  }
  const templ = cv.matFromArray(box.height, box.width, cv.CV_32F, sum);
  const score = new cv.Mat();
  try {
    cv.matchTemplate(image, templ, score, cv.TM_CCOEFF_NORMED);
    const sw = score.cols;
    const sh = score.rows;
    const s = Float32Array.from(score.data32F as Float32Array);
    const taken = lines.map((l) => boxOf(l.quad));
    const copies: OcrLine[] = [];
    for (let reads = 0; reads < MAX_READS;) {
      let at = -1;
      for (let i = 0; i < s.length; i++) if (at < 0 || s[i] > s[at]) at = i;
      if (at < 0 || !(s[at] >= MIN_NCC)) break;
      const x = at % sw;
      const y = (at - x) / sw;
      // No other peak within most of a copy's size.
      const rx = Math.round(box.width * 0.7);
      const ry = Math.round(box.height * 0.7);
      for (let yy = Math.max(0, y - ry); yy < Math.min(sh, y + ry + 1); yy++)
        for (let xx = Math.max(0, x - rx); xx < Math.min(sw, x + rx + 1); xx++) s[yy * sw + xx] = -1;
      const found = { x, y, width: box.width, height: box.height };
      if (taken.some((b) => overlapShare(found, b) >= 0.3)) continue;
      if (outsideShare(level, found) > 0.4) continue; // mostly the corners sharp added when turning
      const quad: Quad = [
        [x, y],
        [x + box.width, y],
        [x + box.width, y + box.height],
        [x, y + box.height],
      ];
      const ncc = score.data32F[at] as number;
      const read = await readQuad(level, quad);
      reads++;
      if (!isCopy(read, template.text)) continue;
      taken.push(found);
      copies.push({
        text: template.text,
        score: Math.round(Math.min(read.score, ncc + 0.5) * 100) / 100,
        quad,
        positions: template.positions,
      });
    }
    return copies;
  } finally {
    image.delete();
    templ.delete();
    score.delete();
  }
}

/**
 * Whether the recogniser read the mark at a place: the whole text (OCR's look-alikes allowed), or
 * three or more of its characters in a row where the border or the photo hides the rest.
 */
function isCopy(read: { text: string; score: number }, text: string): boolean {
  if (read.score < 0.6) return false;
  const got = comparable(read.text);
  if (
    findText(
      [
        {
          text: read.text,
          score: read.score,
          quad: [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
          positions: [],
        },
      ],
      text,
    ).length
  )
    return true;
  return [...got].length >= 3 && comparable(text).includes(got);
}

/** Luma less its mean over a (2r+1)² window: the strokes, whatever the background's brightness. */
function highPass(img: Raster, r: number): Float32Array {
  const { width: w, height: h, data } = img;
  const luma = new Float32Array(w * h);
  for (let i = 0; i < luma.length; i++)
    luma[i] = 0.299 * data[i * 4] + 0.587 * data[i * 4 + 1] + 0.114 * data[i * 4 + 2];
  const sat = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += luma[y * w + x];
      sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + row;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(w, x + r + 1);
      const sum =
        sat[y1 * (w + 1) + x1] - sat[y0 * (w + 1) + x1] - sat[y1 * (w + 1) + x0] + sat[y0 * (w + 1) + x0];
      out[y * w + x] = luma[y * w + x] - sum / ((x1 - x0) * (y1 - y0));
    }
  }
  return out;
}

/** Values of `v` in box `b` (zero where it leaves the image). */
function crop(v: Float32Array, w: number, h: number, b: Rect): Float32Array {
  const out = new Float32Array(b.width * b.height);
  for (let y = 0; y < b.height; y++) {
    const yy = b.y + y;
    if (yy < 0 || yy >= h) continue;
    for (let x = 0; x < b.width; x++) {
      const xx = b.x + x;
      if (xx >= 0 && xx < w) out[y * b.width + x] = v[yy * w + xx];
    }
  }
  return out;
}

/** A box of `size`'s dimensions centred where `at` is centred. */
function centredOn(at: Rect, size: Rect): Rect {
  return {
    x: Math.round(at.x + at.width / 2 - size.width / 2),
    y: Math.round(at.y + at.height / 2 - size.height / 2),
    width: size.width,
    height: size.height,
  };
}

function boxOf(q: Quad) {
  const xs = q.map((p) => p[0]);
  const ys = q.map((p) => p[1]);
  const x = Math.max(0, Math.floor(Math.min(...xs)));
  const y = Math.max(0, Math.floor(Math.min(...ys)));
  return { x, y, width: Math.ceil(Math.max(...xs)) - x, height: Math.ceil(Math.max(...ys)) - y };
}

type Rect = { x: number; y: number; width: number; height: number };
function overlapShare(a: Rect, b: Rect): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return (w * h) / Math.max(1, a.width * a.height);
}

/** Share of transparent pixels in a box: the corners sharp adds around a turned image. */
function outsideShare(img: Raster, b: Rect): number {
  let n = 0;
  for (let y = b.y; y < b.y + b.height; y++)
    for (let x = b.x; x < b.x + b.width; x++) if (img.data[(y * img.width + x) * 4 + 3] === 0) n++;
  return n / Math.max(1, b.width * b.height);
}
