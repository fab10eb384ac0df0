/**
 * Draws examples/poster.png, the poster the README's quick start edits. Run after a build:
 * `node dist/bench/make-example.js`. Kept in the repo so the quick start needs no generator.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderPoster, type PosterCase } from './posters.js';

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
const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../examples/poster.png');
writeFileSync(out, png);
console.log(`wrote ${out}`);
