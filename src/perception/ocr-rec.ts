import type { InferenceSession } from 'onnxruntime-node';
import ort from 'onnxruntime-node';
import { sampleBilinear, type Raster } from '../image/raster.js';
import type { Quad } from './ocr-det.js';

const REC_HEIGHT = 48;
const MAX_WIDTH = 1600;

export interface Recognized {
  text: string;
  score: number;
  /** Centre of each character of `text` along the line, as a fraction of the quad's length. */
  positions: number[];
}

/**
 * PP-OCRv4 recognition of one line: sample the quad into a 48-px-high strip (so rotated lines
 * come out upright), run the CRNN and decode CTC, keeping where each character was emitted.
 */
export async function recognizeLine(
  session: InferenceSession,
  dict: string[],
  img: Raster,
  quad: Quad,
): Promise<Recognized> {
  const [tl, tr, , bl] = quad;
  const len = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
  const hgt = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
  if (len < 1 || hgt < 1) return { text: '', score: 0, positions: [] };
  const w = Math.min(MAX_WIDTH, Math.max(16, Math.round((REC_HEIGHT * len) / hgt)));
  const n = w * REC_HEIGHT;
  const input = new Float32Array(3 * n);
  const px = [0, 0, 0, 0];
  for (let v = 0; v < REC_HEIGHT; v++) {
    const fv = (v + 0.5) / REC_HEIGHT;
    for (let u = 0; u < w; u++) {
      const fu = (u + 0.5) / w;
      const x = tl[0] + fu * (tr[0] - tl[0]) + fv * (bl[0] - tl[0]);
      const y = tl[1] + fu * (tr[1] - tl[1]) + fv * (bl[1] - tl[1]);
      sampleBilinear(img, x, y, px);
      const i = v * w + u;
      // BGR planes, scaled to [-1, 1] as PaddleOCR's recogniser expects.
      input[i] = px[2] / 127.5 - 1;
      input[n + i] = px[1] / 127.5 - 1;
      input[2 * n + i] = px[0] / 127.5 - 1;
    }
  }
  const out = await session.run({
    [session.inputNames[0]]: new ort.Tensor('float32', input, [1, 3, REC_HEIGHT, w]),
  });
  const t = out[session.outputNames[0]];
  const [, steps, classes] = t.dims as number[];
  return decodeCtc(t.data as Float32Array, steps, classes, dict);
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
