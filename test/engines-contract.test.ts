/**
 * One contract, every engine: the same masked edit forced onto the local engine and onto each
 * generative adapter (DashScope, OpenAI-compatible, ComfyUI), the remote ones against loopback
 * servers that speak the providers' documented protocols with a drifting, colour-cast model
 * (test/fakes). Whatever the engine: pixels outside the user's mask are the input's, bit for bit;
 * inside, the edit landed; the report names the engine and measures what it promises.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../src/engines/index.js';
import { edit } from '../src/index.js';
import { fakeComfyUI } from './fakes/comfyui.js';
import { fakeDashScope } from './fakes/dashscope.js';
import type { FakeServer } from './fakes/http.js';
import { fakeOpenAI } from './fakes/openai.js';
import { PHOTOS_DIR } from './fixtures/photos.js';

const KEY = 'sk-contract-secret-0123456789';
const servers: FakeServer[] = [];
let photo: Buffer;
let mask: Buffer;
let inside: Uint8Array;

beforeAll(async () => {
  const [ds, oa, cu] = await Promise.all([fakeDashScope(KEY), fakeOpenAI(), fakeComfyUI()]);
  servers.push(ds, oa, cu);
  Object.assign(process.env, {
    DASHSCOPE_API_KEY: KEY,
    DASHSCOPE_BASE_URL: ds.url,
    SCALPEL_OPENAI_BASE_URL: `${oa.url}/v1`,
    COMFYUI_URL: cu.url,
    SCALPEL_ENGINE_BACKOFF_MS: '10',
  });
  photo = await sharp(await readFile(path.join(PHOTOS_DIR, 'coffee.png')))
    .resize(640)
    .png()
    .toBuffer();
  const { width, height } = await sharp(photo).metadata();
  // A disc in the middle, where the fake model paints: the user's "here".
  inside = new Uint8Array(width! * height!);
  for (let y = 0; y < height!; y++)
    for (let x = 0; x < width!; x++)
      inside[y * width! + x] =
        (x - width! / 2) ** 2 + (y - height! / 2) ** 2 < (0.12 * Math.min(width!, height!)) ** 2 ? 1 : 0;
  mask = await sharp(Buffer.from(inside.map((v) => v * 255)), {
    raw: { width: width!, height: height!, channels: 1 },
  })
    .png()
    .toBuffer();
});

afterAll(async () => {
  await Promise.all(ENGINES.filter((e) => e.kind === 'generative').map((e) => e.dispose()));
  await Promise.all(servers.map((s) => s.close()));
});

const raw = async (b: Buffer) =>
  (await sharp(b).ensureAlpha().raw().toBuffer({ resolveWithObject: true })).data;

describe.each(['local', 'dashscope', 'openai', 'comfyui'])('engine contract: %s', (engine) => {
  it('edits only inside the mask, says which engine did it, and measures it', async () => {
    const out = await edit(photo, '把这里换成红色', { mask, engine, format: 'png' });
    const [a, b] = await Promise.all([raw(photo), raw(out.image)]);
    let outside = 0;
    let changedInside = 0;
    for (let i = 0; i < inside.length; i++) {
      const same =
        a[i * 4] === b[i * 4] &&
        a[i * 4 + 1] === b[i * 4 + 1] &&
        a[i * 4 + 2] === b[i * 4 + 2] &&
        a[i * 4 + 3] === b[i * 4 + 3];
      if (!inside[i] && !same) outside++;
      if (inside[i] && !same) changedInside++;
    }
    expect(outside).toBe(0);
    expect(changedInside / inside.reduce((s, v) => s + v, 0)).toBeGreaterThan(0.8);
    const [step] = out.report.steps;
    expect(step.engine).toBe(engine);
    expect(step.quality.outside_changed_pixels).toBe(0);
    expect(step.quality.changed_pixels).toBeGreaterThan(0);
    expect(out.report.timings.total_ms).toBeGreaterThan(0);
    expect(JSON.stringify(out.report)).not.toContain(KEY);
    // Inside, the edit is red (the fake paints red for 红; local recolour keeps shading, so it is reddish).
    let r = 0;
    let g = 0;
    for (let i = 0; i < inside.length; i++) {
      if (!inside[i]) continue;
      r += b[i * 4];
      g += b[i * 4 + 1];
    }
    expect(r).toBeGreaterThan(g * 1.5);
  });

  it('draws new content over the whole frame and declares it global, or refuses before any work', async () => {
    const can = ENGINES.find((e) => e.id === engine)!.capabilities.edit;
    if (!can) {
      await expect(edit(photo, '布料变皮革', { engine })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      return;
    }
    const out = await edit(photo, '布料变皮革', { engine, format: 'png' });
    const [step] = out.report.steps;
    const { width, height } = out.report.image;
    expect(step).toMatchObject({
      op: 'edit',
      engine,
      details: { global: true },
      region: { x: 0, y: 0, width, height },
    });
    expect(step.quality.changed_pixels).toBe(width * height);
    // Registration still undid the model's size and drift: the answer is the input's size and aligned.
    const d = step.details.drift as { scale: number; shift_px: { x: number; y: number } };
    expect(d.scale).toBeCloseTo(1.02, 2);
    expect(Math.abs(d.shift_px.x - 6)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(d.shift_px.y + 4)).toBeLessThanOrEqual(1.5);
  });

  it('answers a target that is not there with TARGET_NOT_FOUND, before any call', async () => {
    const before = servers.reduce((n, s) => n + s.requests.length, 0);
    await expect(edit(photo, '把斑马换成红色', { engine })).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
    });
    expect(servers.reduce((n, s) => n + s.requests.length, 0)).toBe(before);
  });
});

describe('generative registration', () => {
  it('finds and undoes the model’s zoom, shift and colour cast', async () => {
    const out = await edit(photo, '把这里换成红色', { mask, engine: 'dashscope', format: 'png' });
    const d = out.report.steps[0].details.drift as {
      scale: number;
      shift_px: { x: number; y: number };
      gain: number[];
      residual_before: number;
      residual_after: number;
    };
    // The fake zooms 2% and shifts (6, −4) px in its own frame, at its own grid size.
    expect(d.scale).toBeCloseTo(1.02, 2);
    expect(Math.abs(d.shift_px.x - 6)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(d.shift_px.y + 4)).toBeLessThanOrEqual(1.5);
    // The fake also paints past the region, so what is left differs there: less than before, not nothing.
    expect(d.residual_after).toBeLessThan(d.residual_before);
    expect(d.gain[0]).toBeLessThan(1);
  });
});
