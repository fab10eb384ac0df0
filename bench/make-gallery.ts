/**
 * Draws docs/ops-gallery.jpg, the README's picture of the object-level ops: each tile is a real
 * edit() of a fixture photo, before on the left, after on the right, the instruction underneath.
 * Run after a build: `node dist/bench/make-gallery.js`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { edit } from '../src/index.js';
import { fontString, loadFont } from '../src/text/fonts.js';
import { photo1024, watermarked } from './ops/cases.js';
import { PHOTOS_DIR, repoRoot } from './posters.js';

const H = 240;
const photo = (name: string) => readFileSync(path.join(PHOTOS_DIR, `${name}.png`));

/** A checkerboard under a cut-out, so transparency shows. */
async function onChecker(png: Buffer): Promise<Buffer> {
  const { width = 1, height = 1 } = await sharp(png).metadata();
  const c = createCanvas(width, height);
  const ctx = c.getContext('2d');
  for (let y = 0; y < height; y += 16)
    for (let x = 0; x < width; x += 16) {
      ctx.fillStyle = (x + y) % 32 === 0 ? '#ffffff' : '#d8d8d8';
      ctx.fillRect(x, y, 16, 16);
    }
  return sharp(await c.encode('png'))
    .composite([{ input: png }])
    .png()
    .toBuffer();
}

async function tile(input: Buffer, instruction: string, opts: Parameters<typeof edit>[2] = {}) {
  const r = await edit(input, instruction, opts);
  const after = instruction.includes('抠图') ? await onChecker(r.image) : r.image;
  const [a, b] = await Promise.all(
    [input, after].map((p) => sharp(p).resize({ height: H }).png().toBuffer()),
  );
  const w = (await sharp(a).metadata()).width ?? H;
  const canvas = createCanvas(2 * w + 8, H + 40);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#222222';
  ctx.font = fontString(loadFont('sans-regular'), 18);
  ctx.textAlign = 'center';
  ctx.fillText(instruction, canvas.width / 2, H + 27);
  return sharp(await canvas.encode('png'))
    .composite([
      { input: a, left: 0, top: 0 },
      { input: b, left: w + 8, top: 0 },
    ])
    .png()
    .toBuffer();
}

const logo = await sharp({
  create: { width: 360, height: 120, channels: 4, background: { r: 26, g: 115, b: 232, alpha: 1 } },
})
  .png()
  .toBuffer();
const marked = (await watermarked(await photo1024('chelsea'))).png;
const tiles = [
  await tile(photo('coffee'), '把杯子换成蓝色，保持光影一致'),
  await tile(photo('coffee'), '背景换成纯白，加阴影'),
  await tile(photo('chelsea'), '抠图'),
  await tile(marked, '去水印'),
  await tile(photo('coffee'), '右下角加上LOGO，留白5%', { asset: logo }),
  await tile(photo('grass'), '左上角加几朵樱花'),
  await tile(photo('astronaut'), '北欧风'),
  await tile(photo('astronaut'), '暖一点'),
];
const metas = await Promise.all(tiles.map((t) => sharp(t).metadata()));
const colW = Math.max(...metas.map((m) => m.width ?? 0));
const rows = Math.ceil(tiles.length / 2);
const out = await sharp({
  create: { width: 2 * colW + 24, height: rows * (H + 52), channels: 3, background: '#ffffff' },
})
  .composite(
    tiles.map((t, i) => ({ input: t, left: (i % 2) * (colW + 24), top: Math.floor(i / 2) * (H + 52) })),
  )
  .jpeg({ quality: 85 })
  .toBuffer();
writeFileSync(path.join(repoRoot, 'docs/ops-gallery.jpg'), out);
