/**
 * Draws the pictures in examples/ that the README's and `scalpel --help`'s commands use: the poster of
 * the quick start, the mask of its `--mask` example, a logo, and photos derived from the fixture photos
 * (test/fixtures/photos, public domain / CC0). Run after a build: `node dist/bench/make-examples.js`.
 * The files are committed, so the examples need no generator; examples/LICENSES.md says what each is.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { fontString, loadFont } from '../src/text/fonts.js';
import { PHOTOS_DIR, renderPoster, repoRoot, type PosterCase } from './posters.js';

const dir = path.join(repoRoot, 'examples');
const photo = (name: string) => path.join(PHOTOS_DIR, `${name}.png`);

function write(name: string, bytes: Buffer): void {
  writeFileSync(path.join(dir, name), bytes);
  console.log(`wrote examples/${name} (${(bytes.length / 1024).toFixed(0)} KB)`);
}

const poster: PosterCase = {
  id: 'example-poster',
  width: 800,
  height: 1000,
  background: 'gradient',
  bg: { kind: 'gradient', from: [255, 244, 228], to: [255, 205, 178], angleDeg: 90 },
  font: 'sans-bold',
  sizePx: 150,
  color: [40, 24, 20],
  angleDeg: 0,
  align: 'center',
  anchor: { x: 400, y: 560 },
  kind: 'price',
  oldText: '¥199',
  newText: '¥169',
  instruction: "把'¥199'改成'¥169'，字体颜色变红",
  decorations: [
    { kind: 'rect', x: 0, y: 0, width: 800, height: 14, color: [200, 16, 46], radius: 0 },
    {
      kind: 'text',
      text: '限时抢购',
      font: 'sans-bold',
      sizePx: 110,
      color: [40, 24, 20],
      x: 400,
      y: 250,
      align: 'center',
    },
    {
      kind: 'text',
      text: '新品上市 SALE',
      font: 'sans-regular',
      sizePx: 44,
      color: [120, 70, 50],
      x: 400,
      y: 340,
      align: 'center',
    },
    { kind: 'rect', x: 250, y: 720, width: 300, height: 84, color: [40, 24, 20], radius: 42 },
    {
      kind: 'text',
      text: '立即购买',
      font: 'sans-bold',
      sizePx: 44,
      color: [255, 236, 200],
      x: 400,
      y: 778,
      align: 'center',
    },
    {
      kind: 'text',
      text: '全场包邮 · 七天无理由退换',
      font: 'sans-regular',
      sizePx: 28,
      color: [120, 70, 50],
      x: 400,
      y: 900,
      align: 'center',
    },
  ],
};

const { png } = await renderPoster(poster, 'old');
write('poster.png', png);

// The price line of the poster (its report's region, 223,447 349x118) with a margin, as a mask.
const mask = createCanvas(poster.width, poster.height);
const mctx = mask.getContext('2d');
mctx.fillStyle = '#000000';
mctx.fillRect(0, 0, poster.width, poster.height);
mctx.fillStyle = '#ffffff';
mctx.fillRect(200, 425, 400, 160);
write(
  'price-area.png',
  await sharp(await mask.encode('png'))
    .greyscale()
    .png()
    .toBuffer(),
);

// A wordmark on a transparent ground: the asset of `右下角加上LOGO`.
const logo = createCanvas(480, 160);
const lctx = logo.getContext('2d');
lctx.fillStyle = '#1f2a44';
lctx.beginPath();
lctx.roundRect(0, 0, 480, 160, 28);
lctx.fill();
lctx.fillStyle = '#e60012';
lctx.beginPath();
lctx.moveTo(36, 118);
lctx.lineTo(118, 36);
lctx.lineTo(132, 50);
lctx.lineTo(58, 124);
lctx.closePath();
lctx.fill();
lctx.fillStyle = '#ffffff';
lctx.font = fontString(loadFont('sans-bold'), 76);
lctx.textBaseline = 'middle';
lctx.fillText('Scalpel', 150, 84);
write(
  'logo.png',
  await sharp(await logo.encode('png'))
    .png()
    .toBuffer(),
);

// The coffee photo as a JPEG (what people usually have), and as the PNG of a product shot: a crop
// that cuts the saucer makes the matte call the saucer background, so the product keeps the frame.
write('cup.jpg', await sharp(photo('coffee')).jpeg({ quality: 90 }).toBuffer());
write('product.png', readFileSync(photo('coffee')));

// Two people for `去掉左边的人`: the astronaut twice, smaller on the left, on a plain wall.
const astro = photo('astronaut');
const people = await sharp({ create: { width: 1100, height: 512, channels: 3, background: '#c8c4bc' } })
  .composite([
    { input: await sharp(astro).resize(440, 440).toBuffer(), left: 40, top: 72 },
    { input: await sharp(astro).resize(512, 512).toBuffer(), left: 588, top: 0 },
  ])
  .jpeg({ quality: 90 })
  .toBuffer();
write('people.jpg', people);
