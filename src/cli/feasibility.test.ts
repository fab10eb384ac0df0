import { describe, expect, it } from 'vitest';
import { CATALOG } from '../feasibility/estimate.js';
import { runCli } from './run.js';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('scalpel feasibility', () => {
  it('--json with no arguments: every known model at each precision on every device, each with a verdict', async () => {
    const { code, out } = await cli('feasibility', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out) as {
      ok: boolean;
      rows: { verdict: string; model: string; device: string }[];
      models: { id: string; precisions: string[] }[];
    };
    expect(r.ok).toBe(true);
    const perDevice = r.models.reduce((n, m) => n + m.precisions.length, 0);
    expect(r.rows).toHaveLength(perDevice * CATALOG.devices.length);
    expect(r.models.map((m) => m.id)).toEqual(expect.arrayContaining(['qwen-image-edit-2509', 'centernet']));
    for (const row of r.rows) expect(['yes', 'offload', 'impractical', 'no']).toContain(row.verdict);
    expect(r.rows.some((x) => x.model === 'qwen-image-edit-2509' && x.verdict === 'no')).toBe(true);
  });

  it('one row in words, with its reasons', async () => {
    const { code, out } = await cli(
      'feasibility',
      '--model',
      'qwen-image-edit-2509',
      '--device',
      'iphone-15-pro',
      '--precision',
      'int4',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/qwen-image-edit-2509\s+int4\s+iphone-15-pro/);
    expect(out).toMatch(/- even one component at a time needs \d+ GB/);
  });

  it('an unknown device or precision is exit 2 listing the valid ones', async () => {
    const bad = await cli('feasibility', '--device', 'pixel', '--json');
    expect(bad.code).toBe(2);
    const e = JSON.parse(bad.out) as { error: { code: string; details: { valid: string[] } } };
    expect(e.error.code).toBe('INVALID_ARGUMENT');
    expect(e.error.details.valid).toContain('iphone-15-pro');
    const p = await cli('feasibility', '--precision', 'int3');
    expect(p.code).toBe(2);
    expect(p.err).toMatch(/Valid precisions: .*int4/);
  });
});
