/**
 * The object-level benchmark's cases, one group a child process (so each group's peak RSS is its
 * own): removal (masked holes and watermarks on real photos, the clean photo as ground truth, with
 * OpenCV Telea on the same pixels side by side), recolor, background, add, adjust and questions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { decodeImage } from '../../src/image/io.js';
import { inpaintTelea } from '../../src/inpaint/telea.js';
import { meanGradient } from '../../src/inpaint/texture.js';
import { edit } from '../../src/index.js';
import { fontString, loadFont } from '../../src/text/fonts.js';
import type { EditReport } from '../../src/types.js';
import { psnr, ssim } from '../metrics.js';
import { PHOTOS_DIR } from '../posters.js';
import { clearAnalysisCache } from '../../src/runtime/analysis-cache.js';

export const S = 1024;
export const PHOTOS = ['brick', 'grass', 'gravel', 'coffee', 'astronaut', 'chelsea'] as const;

/** One measured edit: the report, and for removals the scores of ours and Telea's on the same pixels. */
export interface Sample {
  group: string;
  name: string;
  ok: boolean;
  error?: string;
  total_ms: number;
  load_ms: number;
  quality: Record<string, unknown>;
  scores?: { ours: Scores; telea: Scores; oracle?: Scores; input?: Scores };
}
export interface Scores {
  psnr: number;
  ssim: number;
  texture: number;
}

/** The fixture photo as shipped (its own size): detection and matting see it as a user's would. */
export const photoNative = (name: string): Buffer => fs.readFileSync(path.join(PHOTOS_DIR, `${name}.png`));

export async function photo1024(name: string): Promise<Buffer> {
  return sharp(path.join(PHOTOS_DIR, `${name}.png`))
    .resize(S, S, { fit: 'cover' })
    .toColourspace('srgb')
    .png()
    .toBuffer();
}

/** A white mask image with a centred square of `share` of the area. */
export async function squareMask(share: number): Promise<{ png: Buffer; mask: Uint8Array }> {
  const side = Math.round(S * Math.sqrt(share));
  const x0 = Math.round(S * 0.45 - side / 2);
  const y0 = Math.round(S * 0.5 - side / 2);
  const mask = new Uint8Array(S * S);
  for (let y = y0; y < y0 + side; y++) mask.fill(1, y * S + x0, y * S + x0 + side);
  const rgb = Buffer.alloc(S * S * 3);
  for (let i = 0; i < mask.length; i++) if (mask[i]) rgb.fill(255, i * 3, i * 3 + 3);
  return {
    png: await sharp(rgb, { raw: { width: S, height: S, channels: 3 } })
      .png()
      .toBuffer(),
    mask,
  };
}

/** The photo with a semi-transparent white watermark bottom-right, and the watermark's own pixels. */
export async function watermarked(clean: Buffer): Promise<{ png: Buffer; mask: Uint8Array }> {
  const canvas = createCanvas(S, S);
  const ctx = canvas.getContext('2d');
  // A face we ship, not the system's sans-serif: the watermark must not change with installed fonts.
  ctx.font = fontString(loadFont('sans-bold'), 56);
  ctx.fillStyle = 'rgba(255,255,255,0.8)';
  ctx.fillText('© SAMPLE 2026', 440, 950);
  const layer = await canvas.encode('png');
  const alpha = ctx.getImageData(0, 0, S, S).data;
  const mask = new Uint8Array(S * S);
  for (let i = 0; i < mask.length; i++) mask[i] = alpha[i * 4 + 3] > 0 ? 1 : 0;
  return {
    png: await sharp(clean)
      .composite([{ input: layer }])
      .png()
      .toBuffer(),
    mask,
  };
}

export async function scores(truthPng: Buffer, out: Buffer | Uint8Array, mask: Uint8Array): Promise<Scores> {
  const truth = (await decodeImage(truthPng)).raster;
  const data =
    out instanceof Uint8Array && !(out instanceof Buffer)
      ? out
      : (await decodeImage(out as Buffer)).raster.data;
  const b = bounds(mask);
  const img = { data, width: S, height: S };
  return {
    psnr: psnr(truth.data, data, S, S, 4, b),
    ssim: ssim(truth.data, data, S, S, 4, b),
    texture: meanGradient(img, mask) / Math.max(1e-6, meanGradient(truth, mask)),
  };
}

/** Telea on the same pixels our edit changed (its own mask, from the report's diff). */
export async function teleaOn(input: Buffer, mask: Uint8Array): Promise<Uint8Array> {
  const img = (await decodeImage(input)).raster;
  return (await inpaintTelea(img, mask)).data;
}

/** Pixels that differ between two encoded images: the mask our edit actually used. */
export async function changedMask(a: Buffer, b: Buffer): Promise<Uint8Array> {
  const x = (await decodeImage(a)).raster.data;
  const y = (await decodeImage(b)).raster.data;
  const m = new Uint8Array(S * S);
  for (let i = 0; i < m.length; i++) for (let k = 0; k < 4; k++) if (x[i * 4 + k] !== y[i * 4 + k]) m[i] = 1;
  return m;
}

export function bounds(m: Uint8Array) {
  let x0 = S,
    y0 = S,
    x1 = 0,
    y1 = 0;
  for (let i = 0; i < m.length; i++) {
    if (!m[i]) continue;
    const x = i % S;
    const y = (i - x) / S;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + 1);
    y1 = Math.max(y1, y + 1);
  }
  return x1 === 0 ? { x: 0, y: 0, width: 1, height: 1 } : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Runs one edit, keeping failures as samples (a benchmark reports them, it does not stop). */
export async function measure(
  group: string,
  name: string,
  input: Buffer,
  instruction: string,
  opts: Parameters<typeof edit>[2] = {},
): Promise<{ sample: Sample; image?: Buffer; report?: EditReport }> {
  try {
    // Cold, as a new request: a repeat would read this image's analysis from the cache.
    clearAnalysisCache();
    const r = await edit(input, instruction, opts);
    const q = Object.assign({}, ...r.report.steps.map((s) => s.quality)) as Record<string, unknown>;
    return {
      sample: {
        group,
        name,
        ok: true,
        total_ms: r.report.timings.total_ms,
        load_ms: r.report.timings.load_ms,
        quality: q,
      },
      image: r.image,
      report: r.report,
    };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return {
      sample: {
        group,
        name,
        ok: false,
        error: e.code ?? String(e.message),
        total_ms: NaN,
        load_ms: NaN,
        quality: {},
      },
    };
  }
}
