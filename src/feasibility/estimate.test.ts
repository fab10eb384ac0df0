import { describe, expect, it } from 'vitest';
import { CATALOG, estimate, INTERACTIVE_S, type DeviceSpec, type ModelSpec } from './estimate.js';
import { localModels } from './local-models.js';

const model = (id: string) => CATALOG.models.find((m) => m.id === id)!;
const device = (id: string) => CATALOG.devices.find((d) => d.id === id)!;

describe('feasibility estimate', () => {
  it('weights are parameters × bytes per weight, summed over the components', () => {
    const qwen = model('qwen-image-edit-2509');
    const params = qwen.components.reduce((s, c) => s + c.paramsB, 0);
    expect(estimate(qwen, 'bf16', device('h100-sxm')).weights_gb).toBeCloseTo(params * 2, 1);
    expect(estimate(qwen, 'int4', device('h100-sxm')).weights_gb).toBeCloseTo(params * 0.5, 1);
  });

  it("the article's question: Qwen-Image-Edit-2509 does not fit a phone at any precision", () => {
    for (const p of model('qwen-image-edit-2509').precisions) {
      for (const d of CATALOG.devices.filter((x) => x.kind === 'phone')) {
        const r = estimate(model('qwen-image-edit-2509'), p, d);
        expect(r.verdict, `${p} on ${d.id}`).toBe('no');
        expect(r.reasons[0]).toMatch(/even one component at a time needs/);
      }
    }
  });

  it('the latency bound is the slower of arithmetic at peak and reading the weights once a pass', () => {
    const one: ModelSpec = {
      id: 't',
      name: 't',
      source: 'test',
      precisions: ['fp16'],
      activationsGb: 0,
      activationsNote: '',
      components: [{ name: 'c', paramsB: 1, tokens: 1000, passes: 10, note: '' }],
    };
    const dev: DeviceSpec = { ...device('rtx-4090'), fp16Tflops: 100, bandwidthGbs: 1000 };
    // Compute: 2 × 1e9 × 1000 × 10 / 1e14 = 0.2 s; weights: 2 GB × 10 / 1000 GB/s = 0.02 s.
    expect(estimate(one, 'fp16', dev).latency_lower_bound_s).toBeCloseTo(0.2, 3);
    // Starved of bandwidth, reading the weights dominates: 2 GB × 10 / 10 GB/s = 2 s.
    expect(estimate(one, 'fp16', { ...dev, bandwidthGbs: 10 }).latency_lower_bound_s).toBeCloseTo(2, 3);
  });

  it('fits but too slow is impractical; fits only one component at a time is offload', () => {
    const big: ModelSpec = {
      id: 'b',
      name: 'b',
      source: 'test',
      precisions: ['fp16'],
      activationsGb: 1,
      activationsNote: '',
      components: [
        { name: 'a', paramsB: 5, tokens: 1e6, passes: 100, note: '' },
        { name: 'b', paramsB: 5, tokens: null, passes: 1, note: '' },
      ],
    };
    const slow = estimate(big, 'fp16', device('a100-80gb'));
    expect(slow.latency_lower_bound_s).toBeGreaterThan(INTERACTIVE_S);
    expect(slow.verdict).toBe('impractical');
    const tight = estimate(
      { ...big, components: big.components.map((c) => ({ ...c, tokens: null })) },
      'fp16',
      {
        ...device('a100-80gb'),
        ramGb: 15,
        appShare: 1,
      },
    );
    expect(tight.verdict).toBe('offload');
    expect(tight.latency_lower_bound_s).toBeNull();
  });

  it("Scalpel's own models are measured from node_modules and fit every device", () => {
    const mine = localModels();
    expect(mine.map((m) => m.id)).toEqual(
      expect.arrayContaining(['ppocr-v4-det', 'ppocr-v4-rec', 'isnet', 'centernet']),
    );
    // CenterNet's manifest counts about 2 million parameters; ISNet medium ships 88 MB in fp16.
    const centernet = mine.find((m) => m.id === 'centernet')!;
    expect(centernet.components[0].paramsB * 1e9).toBeGreaterThan(1.5e6);
    expect(centernet.components[0].paramsB * 1e9).toBeLessThan(3e6);
    for (const m of mine)
      for (const d of CATALOG.devices) expect(estimate(m, m.precisions[0], d).verdict).toBe('yes');
  });

  it('an unknown precision is INVALID_ARGUMENT naming the valid ones', () => {
    expect(() => estimate(model('qwen-image-edit-2509'), 'int3' as 'int4', device('rtx-4090'))).toThrow(
      /Valid precisions: fp32, fp16, bf16, fp8, int8, int4/,
    );
  });
});
