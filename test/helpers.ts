/** Shared test helpers: decoding to raw RGBA, pixel diffs, boxes, temp dirs, glyph colour sampling. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import { renderPoster, type PosterCase } from '../bench/posters.js';
import { deltaE, medianRgb } from '../src/image/color.js';
import { decodeImage } from '../src/image/io.js';
import { edit } from '../src/index.js';
import type { Box, Rgb } from '../src/types.js';

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Decodes any encoded image to 8-bit sRGB RGBA, as sharp sees it. */
export async function decodeRaw(image: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(4);
  return { data, width: info.width, height: info.height };
}

export const inBox = (b: Box, x: number, y: number): boolean =>
  x >= b.x && y >= b.y && x < b.x + b.width && y < b.y + b.height;

/** Pixels (all four channels compared) that differ between a and b, split by `inside(x, y)`. */
export function countDiff(
  a: RawImage,
  b: RawImage,
  inside: (x: number, y: number) => boolean,
): { inside: number; outside: number } {
  expect([b.width, b.height]).toEqual([a.width, a.height]);
  const out = { inside: 0, outside: 0 };
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      if (
        a.data[i] === b.data[i] &&
        a.data[i + 1] === b.data[i + 1] &&
        a.data[i + 2] === b.data[i + 2] &&
        a.data[i + 3] === b.data[i + 3]
      )
        continue;
      if (inside(x, y)) out.inside++;
      else out.outside++;
    }
  }
  return out;
}

export function padBox(b: Box, pad: number, width: number, height: number): Box {
  const x = Math.max(0, b.x - pad);
  const y = Math.max(0, b.y - pad);
  return {
    x,
    y,
    width: Math.min(width, b.x + b.width + pad) - x,
    height: Math.min(height, b.y + b.height + pad) - y,
  };
}

export const boxWithin = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

/** How texts are compared: NFKC, no whitespace. */
export const comparable = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scalpel-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export const pixel = (img: RawImage, x: number, y: number): Rgb => {
  const i = (y * img.width + x) * 4;
  return [img.data[i], img.data[i + 1], img.data[i + 2]];
};

/**
 * The glyph core of text drawn on a flat background `bg` inside `box`: pixels at least 75% as far
 * (ΔE) from the background as the farthest one, which leaves out antialiased edges.
 */
export function glyphCore(img: RawImage, box: Box, bg: Rgb): { x: number; y: number; rgb: Rgb }[] {
  const px: { x: number; y: number; rgb: Rgb; d: number }[] = [];
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const rgb = pixel(img, x, y);
      px.push({ x, y, rgb, d: deltaE(rgb, bg) });
    }
  }
  const max = Math.max(...px.map((p) => p.d));
  return px.filter((p) => p.d >= 0.75 * max && p.d > 20);
}

export const medianOf = (px: { rgb: Rgb }[]): Rgb => medianRgb(px.map((p) => p.rgb));

export const luminance = (c: Rgb): number => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];

/** A plain poster case (800x500, cream, dark sans-bold 80 px, centred), for cases the fixtures lack. */
export function plainCase(o: Partial<PosterCase> = {}): PosterCase {
  return {
    id: 'inline-plain',
    width: 800,
    height: 500,
    background: 'solid',
    bg: { kind: 'solid', color: [250, 246, 238] },
    font: 'sans-bold',
    sizePx: 80,
    color: [20, 20, 20],
    angleDeg: 0,
    align: 'center',
    anchor: { x: 400, y: 280 },
    kind: 'zh',
    oldText: '限时抢购',
    newText: '新品首发',
    instruction: "把'限时抢购'改成'新品首发'",
    decorations: [],
    ...o,
  };
}

export const renderOld = async (c: PosterCase) => (await renderPoster(c, 'old')).png;

/** Runs an edit and checks the surgical promise: nothing outside the reported regions changed. */
export async function editSurgically(
  input: Buffer,
  instruction: string,
  opts: Parameters<typeof edit>[2] = {},
) {
  const r = await edit(input, instruction, opts);
  const before = (await decodeImage(input)).raster;
  const a: RawImage = { data: Buffer.from(before.data), width: before.width, height: before.height };
  const b = await decodeRaw(r.image);
  const regions = [
    ...r.report.steps.map((s) => s.region),
    ...(r.report.visible_label ? [r.report.visible_label.box] : []),
  ];
  const diff = countDiff(a, b, (x, y) => regions.some((g) => inBox(g, x, y)));
  expect(diff.outside).toBe(0);
  for (const s of r.report.steps) expect(s.quality.outside_changed_pixels).toBe(0);
  return { report: r.report, before: a, after: b, changed: diff.inside };
}
