import { createRequire } from 'node:module';
import { ScalpelError } from '../errors.js';

/**
 * "Can it run on a phone?" done as the article's hard calculation, from data: the weights a model
 * needs at a precision, the memory it takes at its peak, and a latency no device can beat (its
 * peak throughput for the model's arithmetic, and its memory bandwidth for reading the weights once
 * per pass, whichever is slower). Real runs are slower; a verdict of `no` or `impractical` holds.
 */

export type Precision = 'fp32' | 'fp16' | 'bf16' | 'fp8' | 'int8' | 'int4';

export interface ModelSpec {
  id: string;
  name: string;
  source: string;
  precisions: Precision[];
  activationsGb: number;
  activationsNote: string;
  components: {
    name: string;
    paramsB: number;
    /** Tokens one pass processes (2 × params × tokens FLOPs); null when the work is not derived. */
    tokens: number | null;
    passes: number;
    /** Times the weights are read from memory (batched CFG reads them once a step); else `passes`. */
    reads?: number;
    note: string;
  }[];
}

export interface DeviceSpec {
  id: string;
  name: string;
  kind: 'phone' | 'gpu';
  ramGb: number;
  /** The share of RAM one app may hold. */
  appShare: number;
  int8Tops: number;
  fp16Tflops: number;
  bandwidthGbs: number;
  source: string;
}

export interface Feasibility {
  model: string;
  precision: Precision;
  device: string;
  weights_gb: number;
  /** Every component resident at once, with activations. */
  peak_gb: number;
  /** One component at a time (the others offloaded between stages), with activations. */
  peak_sequential_gb: number;
  usable_gb: number;
  /** Lower bound; null when the model's work is not derived. */
  latency_lower_bound_s: number | null;
  verdict: 'yes' | 'offload' | 'impractical' | 'no';
  reasons: string[];
}

const require = createRequire(import.meta.url);
export const CATALOG = require('./catalog.json') as {
  bytesPerWeight: Record<Precision, number>;
  models: ModelSpec[];
  devices: DeviceSpec[];
};

/** Beyond this, an edit is not interactive: someone fixing a poster will not wait. */
export const INTERACTIVE_S = 60;

export function estimate(model: ModelSpec, precision: Precision, device: DeviceSpec): Feasibility {
  const bytes = CATALOG.bytesPerWeight[precision];
  if (bytes === undefined) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `Unknown precision '${precision}'. Valid precisions: ${Object.keys(CATALOG.bytesPerWeight).join(', ')}.`,
      {
        stage: 'args',
        details: { precision, valid: Object.keys(CATALOG.bytesPerWeight) },
      },
    );
  }
  const gb = (paramsB: number) => paramsB * bytes;
  const weights = model.components.reduce((s, c) => s + gb(c.paramsB), 0);
  const peak = weights + model.activationsGb;
  const sequential = Math.max(...model.components.map((c) => gb(c.paramsB))) + model.activationsGb;
  const usable = device.ramGb * device.appShare;
  // 8-bit and smaller weights run on the integer (or FP8) units; 16- and 32-bit on FP16 tensor units.
  const rate = (bytes <= 1 ? device.int8Tops : device.fp16Tflops) * 1e12 * (precision === 'fp32' ? 0.5 : 1);
  let latency: number | null = 0;
  for (const c of model.components) {
    const traffic = (c.paramsB * 1e9 * bytes * (c.reads ?? c.passes)) / (device.bandwidthGbs * 1e9);
    if (c.tokens === null) {
      // Work not derived: a model made only of such parts has no latency bound at all.
      latency += traffic;
      continue;
    }
    const compute = (2 * c.paramsB * 1e9 * c.tokens * c.passes) / rate;
    latency += Math.max(compute, traffic);
  }
  if (model.components.every((c) => c.tokens === null)) latency = null;
  const reasons: string[] = [];
  const f = (v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(1));
  let verdict: Feasibility['verdict'];
  if (sequential > usable) {
    verdict = 'no';
    reasons.push(
      `even one component at a time needs ${f(sequential)} GB; an app on ${device.name} may hold about ${f(usable)} GB`,
    );
  } else if (peak > usable) {
    verdict = 'offload';
    reasons.push(
      `all of it needs ${f(peak)} GB, more than the ${f(usable)} GB an app may hold: only with components loaded one at a time (${f(sequential)} GB), which adds their load time to every edit`,
    );
  } else {
    verdict = 'yes';
    reasons.push(`${f(peak)} GB at its peak fits in the ${f(usable)} GB an app may hold`);
  }
  if (latency !== null && latency > INTERACTIVE_S && verdict !== 'no') {
    verdict = 'impractical';
    reasons.push(
      `no run can be faster than ${f(latency)} s (peak throughput and bandwidth, perfectly used); an edit someone waits for should take under ${INTERACTIVE_S} s`,
    );
  } else if (latency !== null) {
    reasons.push(`lower bound on latency ${f(latency)} s; real runs are several times slower`);
  } else {
    reasons.push('latency not derived: the model is convolutional and its work per run is not counted here');
  }
  return {
    model: model.id,
    precision,
    device: device.id,
    weights_gb: round(weights),
    peak_gb: round(peak),
    peak_sequential_gb: round(sequential),
    usable_gb: round(usable),
    latency_lower_bound_s: latency === null ? null : round(latency),
    verdict,
    reasons,
  };
}

/** Three significant figures: 0.0192 GB for a small model, 1990 s for a large one. */
const round = (v: number) => Number(v.toPrecision(3));
