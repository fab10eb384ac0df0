import type { InferenceSession } from 'onnxruntime-node';
import ort from 'onnxruntime-node';
import { sampleBilinear, type Raster } from '../image/raster.js';
import type { Quad } from '../types.js';

const REC_HEIGHT = 48;
const MAX_WIDTH = 1600;

export interface Recognized {
  text: string;
  score: number;
  /** Centre of each character of `text` along the line, as a fraction of the quad's length. */
  positions: number[];
}

/**
 * PP-OCRv4 recognition of lines in one batch: each quad is sampled into a 48-px-high strip (so
 * rotated lines come out upright), strips are padded to a common width, the CRNN runs once, and
 * CTC is decoded per line, keeping where each character was emitted.
 */
export async function recognizeLines(
  session: InferenceSession,
  dict: string[],
  img: Raster,
  quads: Quad[],
): Promise<Recognized[]> {
  const widths = quads.map(stripWidth);
  const results: Recognized[] = quads.map(() => ({ text: '', score: 0, positions: [] }));
  // Batch lines of similar width only: a batch costs its widest strip times its size.
  const order = quads
    .map((_, i) => i)
    .filter((i) => widths[i] > 0)
    .sort((a, b) => widths[a] - widths[b]);
  while (order.length) {
    const batch = [order.shift()!];
    while (order.length && widths[order[0]] <= widths[batch[0]] * 1.25) batch.push(order.shift()!);
    await recognizeBatch(session, dict, img, quads, widths, batch, results);
  }
  return results;
}

async function recognizeBatch(
  session: InferenceSession,
  dict: string[],
  img: Raster,
  quads: Quad[],
  widths: number[],
  live: number[],
  results: Recognized[],
): Promise<void> {
  const W = Math.max(...live.map((i) => widths[i]));
  const plane = REC_HEIGHT * W;
  // Padding is 0 after normalisation: mid grey, which the recogniser reads as blank.
  const input = new Float32Array(live.length * 3 * plane);
  live.forEach((qi, b) =>
    fillStrip(img, quads[qi], widths[qi], W, input.subarray(b * 3 * plane, (b + 1) * 3 * plane)),
  );
  const out = await session.run({
    [session.inputNames[0]]: new ort.Tensor('float32', input, [live.length, 3, REC_HEIGHT, W]),
  });
  const t = out[session.outputNames[0]];
  const [, steps, classes] = t.dims as number[];
  const data = t.data as Float32Array;
  live.forEach((qi, b) => {
    const r = decodeCtc(data.subarray(b * steps * classes, (b + 1) * steps * classes), steps, classes, dict);
    // Positions are fractions of the padded strip: rescale to the line's own width.
    results[qi] = { ...r, positions: r.positions.map((p) => Math.min(1, (p * W) / widths[qi])) };
  });
}

function stripWidth(quad: Quad): number {
  const [tl, tr, , bl] = quad;
  const len = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
  const hgt = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
  if (len < 1 || hgt < 1) return 0;
  return Math.min(MAX_WIDTH, Math.max(16, Math.round((REC_HEIGHT * len) / hgt)));
}

function fillStrip(img: Raster, quad: Quad, w: number, W: number, out: Float32Array): void {
  const [tl, tr, , bl] = quad;
  const n = REC_HEIGHT * W;
  const px = [0, 0, 0, 0];
  for (let v = 0; v < REC_HEIGHT; v++) {
    const fv = (v + 0.5) / REC_HEIGHT;
    for (let u = 0; u < w; u++) {
      const fu = (u + 0.5) / w;
      const x = tl[0] + fu * (tr[0] - tl[0]) + fv * (bl[0] - tl[0]);
      const y = tl[1] + fu * (tr[1] - tl[1]) + fv * (bl[1] - tl[1]);
      sampleBilinear(img, x, y, px);
      const i = v * W + u;
      // BGR planes, scaled to [-1, 1] as PaddleOCR's recogniser expects.
      out[i] = px[2] / 127.5 - 1;
      out[n + i] = px[1] / 127.5 - 1;
      out[2 * n + i] = px[0] / 127.5 - 1;
    }
  }
}

function decodeCtc(probs: Float32Array, steps: number, classes: number, dict: string[]): Recognized {
  let text = '';
  const positions: number[] = [];
  let sum = 0;
  let emitting = 0;
  let prev = 0;
  let runStart = 0;
  const flush = (idx: number, end: number) => {
    if (idx === 0) return;
    const ch = dict[idx - 1] ?? '';
    // A character's centre is the middle of the run of steps that emitted it.
    for (const _c of ch) positions.push((runStart + end) / 2 / steps);
    text += ch;
  };
  for (let s = 0; s < steps; s++) {
    let best = 0;
    let bestP = -1;
    const o = s * classes;
    for (let c = 0; c < classes; c++) {
      if (probs[o + c] > bestP) {
        bestP = probs[o + c];
        best = c;
      }
    }
    if (best !== prev) {
      flush(prev, s);
      runStart = s;
      prev = best;
    }
    if (best !== 0) {
      sum += bestP;
      emitting++;
    }
  }
  flush(prev, steps);
  return { text, score: emitting ? sum / emitting : 0, positions };
}
