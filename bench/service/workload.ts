/**
 * The load benchmark's requests: price changes on generated posters (four at 1024², two scaled to
 * 2048², which get a preview first), "暖一点" on the fixture
 * photos, "把杯子换成X" on coffee.png, questions, byte-identical repeats (cache hits) and deliberate bad
 * requests, shuffled with a seeded PRNG so every run sends the same sequence.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import {
  generateCases,
  makeRng,
  PHOTO_NAMES,
  PHOTOS_DIR,
  renderPoster,
  type PosterCase,
} from '../posters.js';

export type Op = 'replace-text' | 'adjust' | 'recolor' | 'question' | 'bad-instruction' | 'corrupt-image';

export interface BenchRequest {
  /** Position in the run; the Idempotency-Key is derived from it. */
  index: number;
  op: Op;
  label: string;
  image: Buffer;
  instruction: string;
  /** The request this one repeats byte for byte: sent after it finished, so a cache hit. */
  repeatOf?: number;
  /** A deliberate bad request: the status and code the service must refuse it with. */
  expect?: { status: number; code: string };
}

export interface Workload {
  requests: BenchRequest[];
  /** A fresh edit kept out of the mix for the idempotency client. */
  idempotent: BenchRequest;
}

/** Same currency and decimals, lower amount: "¥1299" × 0.8 → "¥1039". */
function cheaper(price: string, factor: number): string {
  const m = price.match(/^(\D*)(\d+(?:\.(\d+))?)$/);
  if (!m) throw new Error(`not a price: ${price}`);
  const decimals = m[3]?.length ?? 0;
  return m[1] + (Number(m[2]) * factor).toFixed(decimals);
}

const photo = (name: string) => fs.readFileSync(path.join(PHOTOS_DIR, `${name}.png`));
const photo1024 = (name: string) =>
  sharp(path.join(PHOTOS_DIR, `${name}.png`))
    .resize(1024, 1024, { fit: 'cover' })
    .toColourspace('srgb')
    .png()
    .toBuffer();

type Fresh = Omit<BenchRequest, 'index'>;

/** `count` price changes spread over six upright price posters (four amounts each). */
async function posterEdits(count: number): Promise<{ edits: Fresh[]; spare: Fresh }> {
  const cases = generateCases(60, 1).filter(
    (c: PosterCase) => c.kind === 'price' && c.width === 1024 && c.height === 1024 && c.angleDeg === 0,
  );
  const posters = await Promise.all(
    cases.slice(0, 6).map(async (c, i) => {
      const png = (await renderPoster(c, 'old')).png;
      // Two large ones, as phones send: the service edits them at 512 px first (the preview).
      return { c, png: i < 4 ? png : await sharp(png).resize(2048, 2048).png().toBuffer() };
    }),
  );
  const factors = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
  const all: Fresh[] = [];
  for (const factor of factors)
    for (const { c, png } of posters) {
      const to = cheaper(c.oldText, factor);
      all.push({
        op: 'replace-text',
        label: `${c.id.slice(0, 3)} ${c.oldText} → ${to}`,
        image: png,
        instruction: `把“${c.oldText}”换成“${to}”`,
      });
    }
  if (count + 1 > all.length) throw new Error(`at most ${all.length - 1} poster edits`);
  return { edits: all.slice(0, count), spare: all[all.length - 1] };
}

/** Builds `n` requests (at least 10); proportions are fixed, so the mix is the same at any size. */
export async function buildWorkload(n: number, seed = 7): Promise<Workload> {
  if (n < 10) throw new Error('--requests must be at least 10');
  const rng = makeRng(seed);
  const nBad = Math.max(2, Math.round(n * 0.1));
  const nQuestion = Math.max(1, Math.round(n * 0.15));
  const nAdjust = Math.max(1, Math.round(n * 0.1));
  const nRecolor = Math.max(1, Math.round(n * 0.05));
  const nRepeat = Math.max(1, Math.round(n * 0.2));
  const nPoster = n - nBad - nQuestion - nAdjust - nRecolor - nRepeat;

  const { edits, spare } = await posterEdits(nPoster);
  const fresh: Fresh[] = [...edits];
  for (let i = 0; i < nAdjust; i++) {
    const name = PHOTO_NAMES[i % PHOTO_NAMES.length];
    const ins = ['暖一点', '冷一点', '更通透一些'][Math.floor(i / PHOTO_NAMES.length) % 3];
    fresh.push({
      op: 'adjust',
      label: `${name} 1024²: ${ins}`,
      image: await photo1024(name),
      instruction: ins,
    });
  }
  const colours = ['蓝色', '红色', '绿色', '白色', '黑色'];
  for (let i = 0; i < nRecolor; i++) {
    const ins = `把杯子换成${colours[i % colours.length]}`;
    fresh.push({ op: 'recolor', label: `coffee: ${ins}`, image: photo('coffee'), instruction: ins });
  }
  for (let i = 0; i < nQuestion; i++) {
    const name = PHOTO_NAMES[i % PHOTO_NAMES.length];
    const ins = ['图中有没有人？', '图中有没有猫？', '有没有杯子？'][Math.floor(i / PHOTO_NAMES.length) % 3];
    fresh.push({ op: 'question', label: `${name}: ${ins}`, image: photo(name), instruction: ins });
  }
  const truncated = edits[0].image.subarray(0, Math.floor(edits[0].image.length / 2));
  for (let i = 0; i < nBad; i++) {
    fresh.push(
      i % 2 === 0
        ? {
            op: 'bad-instruction',
            // A style transfer only a generative model can draw, and none is configured here.
            label: 'needs a generative engine',
            image: photo('chelsea'),
            instruction: '把这张图变成梵高风格',
            expect: { status: 422, code: 'NEEDS_GENERATIVE_ENGINE' },
          }
        : {
            op: 'corrupt-image',
            label: 'truncated PNG',
            image: truncated,
            instruction: '暖一点',
            expect: { status: 400, code: 'INVALID_IMAGE' },
          },
    );
  }
  shuffle(fresh, rng);

  // Repeats copy requests from the first half and go after them (mostly late); a repeat waits for
  // its original to finish, so it is a cache hit rather than a second run.
  const list: (Fresh & { src?: Fresh })[] = [...fresh];
  const sources = fresh.slice(0, Math.ceil(fresh.length / 2)).filter((r) => !r.expect);
  for (let i = 0; i < nRepeat; i++) {
    const src = sources[Math.floor(rng.next() * sources.length)];
    const lo = Math.max(list.indexOf(src) + 1, Math.floor(list.length / 3));
    list.splice(lo + Math.floor(rng.next() * (list.length + 1 - lo)), 0, { ...src, src });
  }
  const requests: BenchRequest[] = list.map(({ src, ...r }, index) => ({
    ...r,
    index,
    repeatOf: src ? list.indexOf(src) : undefined,
  }));
  return { requests, idempotent: { ...spare, index: -1 } };
}

function shuffle<T>(xs: T[], rng: ReturnType<typeof makeRng>): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}
