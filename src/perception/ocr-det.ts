import type { InferenceSession } from 'onnxruntime-node';
import ort from 'onnxruntime-node';
import sharp from 'sharp';
import type { Cv } from '../image/opencv.js';
import type { Raster } from '../image/raster.js';
import type { Quad } from '../types.js';

// PP-OCR's DB post-processing constants (PaddleOCR defaults).
const BIN_THRESH = 0.3;
const BOX_THRESH = 0.6;
const UNCLIP_RATIO = 1.5;
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/**
 * PP-OCRv4 text detection: resize to a multiple of 32 (long side ≤ maxSide), run DBNet, and turn
 * the probability map into rotated line boxes scaled back to the raster.
 */
export async function detectLines(
  session: InferenceSession,
  cv: Cv,
  img: Raster,
  maxSide: number,
): Promise<{ quad: Quad; score: number }[]> {
  const ratio = Math.min(1, maxSide / Math.max(img.width, img.height));
  const w = Math.max(32, Math.round((img.width * ratio) / 32) * 32);
  const h = Math.max(32, Math.round((img.height * ratio) / 32) * 32);
  const { data } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } })
    .resize(w, h, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const n = w * h;
  const input = new Float32Array(3 * n);
  // PaddleOCR feeds BGR: plane 0 is blue, normalised with the first mean/std pair.
  for (let i = 0; i < n; i++) {
    input[i] = (data[i * 3 + 2] / 255 - MEAN[0]) / STD[0];
    input[n + i] = (data[i * 3 + 1] / 255 - MEAN[1]) / STD[1];
    input[2 * n + i] = (data[i * 3] / 255 - MEAN[2]) / STD[2];
  }
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, [1, 3, h, w]) });
  const prob = out[session.outputNames[0]].data as Float32Array;

  const bin = new cv.Mat(h, w, cv.CV_8UC1);
  // Mat.data is a getter that builds a new view on every access: take it once.
  const bd: Uint8Array = bin.data;
  for (let i = 0; i < n; i++) bd[i] = prob[i] > BIN_THRESH ? 255 : 0;
  const contours = new cv.MatVector();
  const hierarchy = new cv.Mat();
  cv.findContours(bin, contours, hierarchy, cv.RETR_LIST, cv.CHAIN_APPROX_SIMPLE);
  const sx = img.width / w;
  const sy = img.height / h;
  const found: { quad: Quad; score: number }[] = [];
  for (let i = 0; i < contours.size(); i++) {
    const cnt = contours.get(i);
    const rect = cv.minAreaRect(cnt);
    const bbox = cv.boundingRect(cnt);
    cnt.delete();
    if (Math.min(rect.size.width, rect.size.height) < 3) continue;
    const score = meanProbInRect(prob, w, bbox, rect);
    if (score < BOX_THRESH) continue;
    // Unclip: DB shrinks text regions at training time, so grow the rectangle back by area·r/perimeter.
    const area = rect.size.width * rect.size.height;
    const d = (area * UNCLIP_RATIO) / (2 * (rect.size.width + rect.size.height));
    const grown = {
      center: rect.center,
      size: { width: rect.size.width + 2 * d, height: rect.size.height + 2 * d },
      angle: rect.angle,
    };
    const pts = cv.RotatedRect.points(grown) as { x: number; y: number }[];
    const quad = orderQuad(pts.map((p) => [p.x * sx, p.y * sy] as [number, number]));
    if (Math.hypot(quad[1][0] - quad[0][0], quad[1][1] - quad[0][1]) < 4) continue;
    found.push({ quad, score });
  }
  bin.delete();
  contours.delete();
  hierarchy.delete();
  // Reading order: top to bottom, then left to right.
  return found.sort((a, b) => a.quad[0][1] - b.quad[0][1] || a.quad[0][0] - b.quad[0][0]);
}

function meanProbInRect(
  prob: Float32Array,
  w: number,
  bbox: { x: number; y: number; width: number; height: number },
  rect: { center: { x: number; y: number }; size: { width: number; height: number }; angle: number },
): number {
  const a = (rect.angle * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  let sum = 0;
  let count = 0;
  for (let y = bbox.y; y < bbox.y + bbox.height; y++) {
    for (let x = bbox.x; x < bbox.x + bbox.width; x++) {
      const dx = x + 0.5 - rect.center.x;
      const dy = y + 0.5 - rect.center.y;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      if (Math.abs(u) <= rect.size.width / 2 + 0.5 && Math.abs(v) <= rect.size.height / 2 + 0.5) {
        sum += prob[y * w + x];
        count++;
      }
    }
  }
  return count ? sum / count : 0;
}

/** Orders four corners so that the long side runs from top-left to top-right (reading direction). */
function orderQuad(pts: [number, number][]): Quad {
  const cx = pts.reduce((s, p) => s + p[0], 0) / 4;
  const cy = pts.reduce((s, p) => s + p[1], 0) / 4;
  const byAngle = [...pts].sort(
    (p, q) => Math.atan2(p[1] - cy, p[0] - cx) - Math.atan2(q[1] - cy, q[0] - cx),
  );
  // byAngle runs clockwise in image coordinates (y down). Pick the start so that edge 0→1 is long
  // and points rightwards.
  let best = 0;
  let bestScore = -Infinity;
  for (let s = 0; s < 4; s++) {
    const p = byAngle[s];
    const q = byAngle[(s + 1) % 4];
    const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
    const score = (q[0] - p[0]) / (len || 1) + len * 1e-3;
    if (score > bestScore) {
      bestScore = score;
      best = s;
    }
  }
  return [0, 1, 2, 3].map((k) => byAngle[(best + k) % 4]) as Quad;
}
