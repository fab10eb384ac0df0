import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import {
  judgeQuality,
  measureQuality,
  QUALITY_THRESHOLDS,
  type QualityMeasures,
  type QualityThresholds,
} from './quality-gate.js';
import { createRaster, type Raster } from './raster.js';
import { PHOTOS_DIR as PHOTOS } from '../../test/fixtures/photos.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FILES = [
  ...['astronaut', 'brick', 'chelsea', 'coffee', 'grass', 'gravel'].map((n) => `${PHOTOS}/${n}.png`),
  path.join(ROOT, 'examples/poster.png'),
];

type Degrade = 'blur' | 'highlights' | 'shadows' | 'noise';
const DEGRADE: Record<Degrade, (s: sharp.Sharp) => sharp.Sharp> = {
  blur: (s) => s.blur(4),
  highlights: (s) => s.linear(2.2, 0),
  shadows: (s) => s.linear(0.25, 0),
  noise: (s) => s, // added below with a seeded RNG
};

async function load(file: string, f: (s: sharp.Sharp) => sharp.Sharp = (s) => s): Promise<Raster> {
  const { data, info } = await f(sharp(file).toColourspace('srgb'))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** Independent Gaussian noise per RGB channel (Box–Muller on the project's seeded RNG). */
function addNoise(img: Raster, sigma: number, seed: number): Raster {
  const rnd = createRng(seed);
  const out = new Uint8Array(img.data);
  for (let i = 0; i < out.length; i++) {
    if ((i & 3) === 3) continue;
    const g = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    out[i] = Math.max(0, Math.min(255, Math.round(out[i] + sigma * g)));
  }
  return { ...img, data: out };
}

const name = (f: string) => path.basename(f, '.png');
const fmt = (m: QualityMeasures) =>
  `${m.blur.toFixed(1).padStart(8)} ${m.highlights.toFixed(3).padStart(10)} ${m.shadows.toFixed(3).padStart(8)} ${m.noise.toFixed(2).padStart(6)}`;

describe('quality gate on real images', () => {
  const good: Record<string, QualityMeasures> = {};
  const bad: Record<Degrade, Record<string, QualityMeasures>> = {
    blur: {},
    highlights: {},
    shadows: {},
    noise: {},
  };

  beforeAll(async () => {
    const lines = ['image      version         blur highlights  shadows  noise'];
    for (const file of FILES) {
      const img = await load(file);
      good[name(file)] = measureQuality(img);
      lines.push(`${name(file).padEnd(10)} good        ${fmt(good[name(file)])}`);
      for (const d of Object.keys(DEGRADE) as Degrade[]) {
        const raw = d === 'noise' ? addNoise(img, 25, 7) : await load(file, DEGRADE[d]);
        bad[d][name(file)] = measureQuality(raw);
        lines.push(`${name(file).padEnd(10)} ${d.padEnd(11)} ${fmt(bad[d][name(file)])}`);
      }
    }
    console.log(`quality calibration\n${lines.join('\n')}`);
  });

  it('finds no problem in any good photo or the poster', () => {
    for (const [n, m] of Object.entries(good))
      expect({ n, problems: judgeQuality(m) }).toEqual({ n, problems: [] });
  });

  it('flags each degradation by its own metric', () => {
    for (const d of Object.keys(bad) as Degrade[]) {
      for (const [n, m] of Object.entries(bad[d])) {
        const metrics = judgeQuality(m).map((p) => p.metric);
        expect({ n, d, flagged: metrics.includes(d) }).toEqual({ n, d, flagged: true });
      }
    }
  });

  it('keeps a margin between good and degraded values', () => {
    const t = QUALITY_THRESHOLDS;
    const g = Object.values(good);
    const lowest = (xs: QualityMeasures[], k: keyof QualityMeasures) => Math.min(...xs.map((m) => m[k]));
    const highest = (xs: QualityMeasures[], k: keyof QualityMeasures) => Math.max(...xs.map((m) => m[k]));
    expect(lowest(g, 'blur')).toBeGreaterThan(t.minBlur * 1.5);
    expect(highest(Object.values(bad.blur), 'blur')).toBeLessThan(t.minBlur / 1.5);
    expect(highest(g, 'highlights')).toBeLessThan(t.maxHighlights / 2);
    expect(lowest(Object.values(bad.highlights), 'highlights')).toBeGreaterThan(t.maxHighlights * 2);
    expect(highest(g, 'shadows')).toBeLessThan(t.maxShadows / 2);
    // ×0.25 puts every pixel below 64, so the degraded side sits at 1.0 by construction.
    expect(lowest(Object.values(bad.shadows), 'shadows')).toBe(1);
    expect(highest(g, 'noise')).toBeLessThan(t.maxNoise / 1.2);
    expect(lowest(Object.values(bad.noise), 'noise')).toBeGreaterThan(t.maxNoise * 1.2);
  });
});

describe('quality gate on synthetic images', () => {
  /** White backdrop with a grey object of the given size; `jitter` adds ±3 noise as JPEG would. */
  function productShot(side: number, objectSide: number, jitter = 0): Raster {
    const img = createRaster(side, side);
    const rnd = createRng(5);
    const o0 = (side - objectSide) >> 1;
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++) {
        const inside = x >= o0 && x < o0 + objectSide && y >= o0 && y < o0 + objectSide;
        const v = (inside ? 90 : 255) - Math.round(rnd() * 2 * jitter);
        img.data.fill(v, (y * side + x) * 4, (y * side + x) * 4 + 3);
        img.data[(y * side + x) * 4 + 3] = 255;
      }
    return img;
  }

  it('does not call a flat, mostly white product shot blurred, noisy or clipped', () => {
    // 70 % and 79 % white backdrop, clean and with JPEG-like jitter straddling the clip level.
    for (const [objectSide, jitter] of [
      [330, 0],
      [330, 3],
      [275, 3],
    ]) {
      const m = measureQuality(productShot(600, objectSide, jitter));
      expect(m.noise).toBeLessThan(2);
      expect(m.highlights).toBe(0);
      expect(judgeQuality(m)).toEqual([]);
    }
  });

  it('flags a frame that is almost entirely clipped white', () => {
    const m = measureQuality(productShot(600, 120));
    expect(m.highlights).toBeGreaterThan(0.1);
    expect(judgeQuality(m).map((p) => p.metric)).toEqual(['highlights']);
  });

  it('reports clipping in one sentence with the value and the limit', () => {
    const m: QualityMeasures = { blur: 10, highlights: 0.8, shadows: 0, noise: 1 };
    const t: QualityThresholds = { minBlur: 40, maxHighlights: 0.5, maxShadows: 0.5, maxNoise: 12 };
    expect(judgeQuality(m, t).map((p) => p.message)).toEqual([
      'The image looks blurred (variance of Laplacian 10.0, below 40).',
      'The image looks over-exposed (80.0% of it is clipped white beyond what a backdrop explains, above 50.0%).',
    ]);
  });

  it('downscales large images to the working scale, keeping the measures comparable', () => {
    const small = createRaster(512, 512);
    const big = createRaster(2048, 2048);
    // Vertical stripes 8 px wide at 512 and 32 px wide at 2048: the same picture at two sizes.
    for (let y = 0; y < 2048; y++)
      for (let x = 0; x < 2048; x++) {
        const v = (x >> 5) & 1 ? 200 : 40;
        big.data.fill(v, (y * 2048 + x) * 4, (y * 2048 + x) * 4 + 3);
        if (x < 512 && y < 512)
          small.data.fill((x >> 3) & 1 ? 200 : 40, (y * 512 + x) * 4, (y * 512 + x) * 4 + 3);
      }
    const a = measureQuality(small);
    const b = measureQuality(big);
    // 2048 → 1024 gives 16 px stripes, so the edge density is half that of the 512 image.
    expect(b.blur / (a.blur / 2)).toBeCloseTo(1, 1);
    expect(b.highlights).toBe(0);
  });
});
