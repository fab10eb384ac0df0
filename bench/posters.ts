/**
 * Deterministic poster generator with ground truth for the text-replacement benchmark.
 *
 * Every case is a plain JSON object (seeded PRNG, no Math.random): the same `generateCases(n, seed)`
 * gives byte-identical posters on every run. `renderPoster(c, 'old')` is the input an edit receives,
 * `renderPoster(c, 'new')` is what a perfect edit returns: the same poster with `newText` drawn at the
 * same anchor, font, size, angle, alignment, outline and shadow, in `newColor ?? color`. Everything
 * else (background, decorations) is drawn identically, so the two differ only inside the union of
 * their `textBox`es.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, loadImage, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import type { Box, ColorSpec, Rgb } from '../src/types.js';
import { fontString, loadFont, type FontId } from '../src/text/fonts.js';

/** The repo root, found from this file whether it runs as bench/posters.ts or dist/bench/posters.js. */
export const repoRoot = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const up = path.basename(path.dirname(here)) === 'dist' ? '../..' : '..';
  return path.resolve(here, up);
})();

/** Shared real photos: chelsea/coffee/astronaut are RGB, brick/grass/gravel are gray. */
export const PHOTOS_DIR = path.resolve(repoRoot, '../shared/fixtures/photos');
export const PHOTO_NAMES = ['chelsea', 'coffee', 'astronaut', 'brick', 'grass', 'gravel'] as const;
export type PhotoName = (typeof PHOTO_NAMES)[number];

const FONTS: readonly FontId[] = ['sans-regular', 'sans-bold', 'serif-regular', 'serif-bold'];

export type BackgroundKind = 'solid' | 'gradient' | 'photo';
export type Align = 'left' | 'center' | 'right';
export type TextKind = 'zh' | 'en' | 'price' | 'mixed';

/** How the background is drawn; `dim` lays a translucent black (or white, if negative) veil over a photo. */
export type BackgroundSpec =
  | { kind: 'solid'; color: Rgb }
  | { kind: 'gradient'; from: Rgb; to: Rgb; angleDeg: number }
  | { kind: 'photo'; photo: PhotoName; dim: number };

/** Untouched scenery: other text lines and shapes that an edit must leave bit-identical. */
export type Decoration =
  | {
      kind: 'text';
      text: string;
      font: FontId;
      sizePx: number;
      color: Rgb;
      x: number;
      y: number;
      align: Align;
    }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; color: Rgb; radius: number }
  | { kind: 'circle'; cx: number; cy: number; r: number; color: Rgb };

export interface PosterCase {
  /** Stable, descriptive id (`p07-photo-serif-bold-price-rot`): `--filter` matches substrings of it. */
  id: string;
  width: number;
  height: number;
  background: BackgroundKind;
  bg: BackgroundSpec;
  font: FontId;
  sizePx: number;
  color: Rgb;
  outline?: { color: Rgb; width: number };
  shadow?: { color: Rgb; dx: number; dy: number; blur: number };
  angleDeg: number;
  align: Align;
  /** Text anchor: the alignment point on the alphabetic baseline; rotation is about it. */
  anchor: { x: number; y: number };
  kind: TextKind;
  oldText: string;
  newText: string;
  /** Set when the instruction asks for a colour: the ground truth is drawn in it. */
  newColor?: ColorSpec;
  instruction: string;
  decorations: Decoration[];
}

export interface RenderedPoster {
  png: Buffer;
  /** Axis-aligned box of the drawn text, outline and shadow included, clamped to the image. */
  textBox: Box;
}

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: tiny, fast, good enough for test data, and the same on every platform. */
export function makeRng(seed: number) {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number): boolean => next() < p,
  };
}
export type Rng = ReturnType<typeof makeRng>;

// ---------------------------------------------------------------------------------------------
// Vocabulary

const TEXT_PAIRS: Record<TextKind, readonly [string, string][]> = {
  zh: [
    ['限时抢购', '新品首发'],
    ['全场五折', '全场八折'],
    ['新品上市', '限量发售'],
    ['会员专享', '全民福利'],
    ['春季特惠', '夏日狂欢'],
    ['立即购买', '马上抢购'],
    ['年终大促', '开年钜惠'],
    ['满300减50', '满500减80'],
  ],
  en: [
    ['SALE', 'NEW'],
    ['Summer Sale', 'Winter Sale'],
    ['BUY NOW', 'SHOP NOW'],
    ['50% OFF', '70% OFF'],
    ['Limited Offer', 'Special Offer'],
    ['OPEN', 'SOON'],
    ['Free Shipping', 'Fast Delivery'],
  ],
  price: [
    ['¥199', '¥169'],
    ['¥1299', '¥999'],
    ['$49.99', '$39.99'],
    ['¥88', '¥66'],
    ['$120', '$99'],
    ['¥59.9', '¥39.9'],
  ],
  mixed: [
    ['新品 NEW', '爆款 HOT'],
    ['仅需¥99', '仅需¥79'],
    ['买一送一', '买二送一'],
    ['HOT 热卖', 'NEW 上新'],
    ['618 大促', '双11 狂欢'],
  ],
};

const DECOR_TEXTS = [
  'WWW.SHOP.COM',
  '官方旗舰店',
  '活动时间 6.1-6.18',
  'Limited time only',
  '品质生活',
  'BRAND',
  'Since 1998',
  '扫码关注',
  '包邮到家',
  'Best Quality',
];

/** A colour request: the GT value, and how the Chinese and English instructions say it. */
interface ColorRequest {
  spec: ColorSpec;
  zh: string;
  en: string;
  /** Background polarity it reads well on. */
  on: 'light' | 'dark' | 'any';
}

/**
 * Ground-truth values for named colours and gradients. They mirror the project's colour lexicon
 * (src/instruction/colors.ts: poster-like values, metallic gold as three stops, other gradients as
 * lighter / base / darker), so PSNR measures rendering rather than a palette disagreement; hex
 * requests are exact by construction. Hard-coded on purpose: the ground truth must not move when the
 * parser does.
 */
export const NAMED_COLORS = {
  red: [230, 0, 18] as Rgb,
  gold: [212, 175, 55] as Rgb,
  blue: [0, 90, 200] as Rgb,
  white: [255, 255, 255] as Rgb,
};
const GOLD_GRADIENT: Rgb[] = [
  [250, 227, 133],
  [212, 175, 55],
  [153, 114, 28],
];
const RED_GRADIENT: Rgb[] = [
  [238, 77, 89],
  [230, 0, 18],
  [173, 0, 14],
];

const COLOR_REQUESTS: readonly ColorRequest[] = [
  {
    spec: { kind: 'solid', rgb: NAMED_COLORS.red, name: '红色' },
    zh: '，字体颜色变红',
    en: ' in red',
    on: 'any',
  },
  {
    spec: { kind: 'solid', rgb: NAMED_COLORS.gold, name: '金色' },
    zh: '，颜色改成金色',
    en: ', make it gold',
    on: 'dark',
  },
  {
    spec: { kind: 'gradient', stops: GOLD_GRADIENT, name: '渐变金色' },
    zh: '，改成渐变金色',
    en: ' with a gold gradient',
    on: 'dark',
  },
  {
    spec: { kind: 'gradient', stops: RED_GRADIENT, name: '红色渐变' },
    zh: '，改成红色渐变',
    en: ' with a red gradient',
    on: 'light',
  },
  {
    spec: { kind: 'solid', rgb: [30, 144, 255], name: '#1e90ff' },
    zh: '，颜色用#1e90ff',
    en: ' in #1e90ff',
    on: 'any',
  },
  {
    spec: { kind: 'solid', rgb: NAMED_COLORS.blue, name: '蓝色' },
    zh: '，字体改成蓝色',
    en: ' in blue',
    on: 'light',
  },
  {
    spec: { kind: 'solid', rgb: NAMED_COLORS.white, name: '白色' },
    zh: '，文字变白色',
    en: ' in white',
    on: 'dark',
  },
];

const LIGHT_BGS: Rgb[] = [
  [250, 246, 238],
  [255, 240, 200],
  [230, 244, 255],
  [255, 228, 225],
  [236, 250, 236],
];
const DARK_BGS: Rgb[] = [
  [20, 24, 40],
  [120, 10, 20],
  [10, 60, 50],
  [40, 10, 70],
  [30, 30, 30],
];
const DARK_INKS: Rgb[] = [
  [20, 20, 20],
  [200, 16, 46],
  [10, 40, 110],
  [110, 20, 90],
];
const LIGHT_INKS: Rgb[] = [
  [255, 255, 255],
  [255, 215, 0],
  [255, 240, 180],
  [150, 230, 255],
];

function instructionFor(
  oldText: string,
  newText: string,
  req: ColorRequest | undefined,
  zh: boolean,
  rng: Rng,
) {
  if (zh) {
    const tpl = rng.pick([
      (a: string, b: string) => `把'${a}'改成'${b}'`,
      (a: string, b: string) => `将"${a}"改为"${b}"`,
      (a: string, b: string) => `把“${a}”换成“${b}”`,
    ]);
    return tpl(oldText, newText) + (req ? req.zh : '');
  }
  const tpl = rng.pick([
    (a: string, b: string) => `Change "${a}" to "${b}"`,
    (a: string, b: string) => `Replace '${a}' with '${b}'`,
  ]);
  return tpl(oldText, newText) + (req ? req.en : '');
}

// ---------------------------------------------------------------------------------------------
// Geometry

const scratch = createCanvas(4, 4).getContext('2d');

/** Extra pixels around measured glyph boxes: measureText rounds, and antialiasing bleeds ~1 px. */
const AA_PAD = 2;

interface TextStyle {
  font: FontId;
  sizePx: number;
  align: Align;
  angleDeg: number;
  anchor: { x: number; y: number };
  outline?: { width: number };
  shadow?: { dx: number; dy: number; blur: number };
}

/** The text's ink rectangle in its own (unrotated, anchor-origin) frame, outline included. */
function localRect(text: string, s: TextStyle) {
  scratch.font = fontString(loadFont(s.font), s.sizePx);
  scratch.textAlign = s.align;
  scratch.textBaseline = 'alphabetic';
  const m = scratch.measureText(text);
  const ow = (s.outline?.width ?? 0) + AA_PAD;
  return {
    left: -m.actualBoundingBoxLeft - ow,
    right: m.actualBoundingBoxRight + ow,
    top: -m.actualBoundingBoxAscent - ow,
    bottom: m.actualBoundingBoxDescent + ow,
  };
}

function unionBox(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** The unclamped axis-aligned box of `text` drawn in style `s`, rotation and shadow included. */
function rawTextBox(text: string, s: TextStyle): Box {
  const r = localRect(text, s);
  const a = (s.angleDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [lx, ly] of [
    [r.left, r.top],
    [r.right, r.top],
    [r.left, r.bottom],
    [r.right, r.bottom],
  ]) {
    xs.push(s.anchor.x + lx * cos - ly * sin);
    ys.push(s.anchor.y + lx * sin + ly * cos);
  }
  const x0 = Math.floor(Math.min(...xs));
  const y0 = Math.floor(Math.min(...ys));
  let box: Box = {
    x: x0,
    y: y0,
    width: Math.ceil(Math.max(...xs)) - x0,
    height: Math.ceil(Math.max(...ys)) - y0,
  };
  if (s.shadow) {
    // Canvas blur is a Gaussian with sigma = blur / 2; 3 sigma holds all visible shadow.
    const spread = Math.ceil(s.shadow.blur * 1.5) + 1;
    const shifted: Box = {
      x: box.x + s.shadow.dx - spread,
      y: box.y + s.shadow.dy - spread,
      width: box.width + 2 * spread,
      height: box.height + 2 * spread,
    };
    box = unionBox(box, shifted);
  }
  return box;
}

export function clampBox(b: Box, width: number, height: number): Box {
  const x = Math.max(0, b.x);
  const y = Math.max(0, b.y);
  return {
    x,
    y,
    width: Math.max(0, Math.min(width, b.x + b.width) - x),
    height: Math.max(0, Math.min(height, b.y + b.height) - y),
  };
}

/** `b` grown by `pad` on every side and clamped to the image. */
export function padBox(b: Box, pad: number, width: number, height: number): Box {
  return clampBox(
    { x: b.x - pad, y: b.y - pad, width: b.width + 2 * pad, height: b.height + 2 * pad },
    width,
    height,
  );
}

export { unionBox };

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(b: Box, width: number, height: number, margin: number): boolean {
  return (
    b.x >= margin && b.y >= margin && b.x + b.width <= width - margin && b.y + b.height <= height - margin
  );
}

/** The box of the case's text as drawn by `renderPoster(c, which)`, without rendering. */
export function caseTextBox(c: PosterCase, which: 'old' | 'new'): Box {
  return clampBox(rawTextBox(which === 'old' ? c.oldText : c.newText, c), c.width, c.height);
}

function decorationBox(d: Decoration): Box {
  switch (d.kind) {
    case 'text':
      return rawTextBox(d.text, { font: d.font, sizePx: d.sizePx, align: d.align, angleDeg: 0, anchor: d });
    case 'rect':
      return { x: d.x - 1, y: d.y - 1, width: d.width + 2, height: d.height + 2 };
    case 'circle':
      return { x: d.cx - d.r - 1, y: d.cy - d.r - 1, width: 2 * d.r + 2, height: 2 * d.r + 2 };
  }
}

// ---------------------------------------------------------------------------------------------
// Case generation

function anchorX(align: Align, width: number): number {
  return align === 'left'
    ? Math.round(width * 0.08)
    : align === 'right'
      ? Math.round(width * 0.92)
      : width / 2;
}

/**
 * `n` poster cases from `seed`. Coverage is by construction, not luck: backgrounds cycle every 3 cases,
 * fonts every 12, text kinds every 4 (shifted so they don't lock to backgrounds), and every 4th case
 * asks for a colour. Sizes span 28-120 px, ~1/3 of cases are rotated, outlines and shadows are common
 * on photos and occasional elsewhere; every 8th poster is 800x1000.
 */
export function generateCases(n = 60, seed = 1): PosterCase[] {
  const rng = makeRng(seed);
  const kinds: TextKind[] = ['zh', 'en', 'price', 'mixed'];
  const cases: PosterCase[] = [];
  for (let i = 0; i < n; i++) {
    const background = (['solid', 'gradient', 'photo'] as const)[i % 3];
    const font = FONTS[Math.floor(i / 3) % 4];
    const kind = kinds[(i + Math.floor(i / 12)) % 4];
    const [width, height] = i % 8 === 5 ? [800, 1000] : [1024, 1024];
    // Cycle through each kind's pairs so every pair appears once n is large enough.
    const nth = cases.filter((c) => c.kind === kind).length;
    const [oldText, newText] = TEXT_PAIRS[kind][(nth + seed) % TEXT_PAIRS[kind].length];

    // Polarity and background.
    let light: boolean; // light background, dark ink
    let bg: BackgroundSpec;
    if (background === 'photo') {
      const photo = PHOTO_NAMES[Math.floor(i / 3) % PHOTO_NAMES.length];
      light = rng.chance(0.25);
      bg = { kind: 'photo', photo, dim: light ? -0.3 : rng.pick([0, 0.2, 0.35]) };
    } else {
      light = rng.chance(0.5);
      const pool = light ? LIGHT_BGS : DARK_BGS;
      bg =
        background === 'solid'
          ? { kind: 'solid', color: rng.pick(pool) }
          : {
              kind: 'gradient',
              from: rng.pick(pool),
              to: rng.pick(pool),
              angleDeg: rng.pick([0, 45, 90, 135]),
            };
      if (bg.kind === 'gradient' && bg.from === bg.to)
        bg.to = pool[(pool.indexOf(bg.from) + 1) % pool.length];
    }
    const color = rng.pick(light ? DARK_INKS : LIGHT_INKS);
    // Outlines contrast with the ink on photos; on flat backgrounds they must also show against the
    // background, so dark ink gets a gold rim and light ink a deep red one.
    const contrast: Rgb =
      background === 'photo'
        ? light
          ? [255, 255, 255]
          : [15, 15, 25]
        : light
          ? [255, 190, 30]
          : [170, 0, 30];

    let sizePx = rng.int(28, 120);
    const outlined = background === 'photo' ? rng.chance(0.6) : rng.chance(0.25);
    const shadowed = background === 'photo' ? !outlined || rng.chance(0.3) : rng.chance(0.2);
    const angleDeg = rng.chance(0.65) ? 0 : rng.pick([-1, 1]) * rng.int(4, 20);
    const align: Align = rng.pick(['center', 'center', 'left', 'right'] as const);

    let req: ColorRequest | undefined;
    if (i % 4 === 3) {
      // Only requests that read on this background and visibly differ from the current ink.
      const far = (rgb: Rgb) => Math.hypot(rgb[0] - color[0], rgb[1] - color[1], rgb[2] - color[2]) > 100;
      const ok = COLOR_REQUESTS.filter(
        (r) =>
          (r.on === 'any' || r.on === (light ? 'light' : 'dark')) &&
          (r.spec.kind !== 'solid' || far(r.spec.rgb)),
      );
      req = ok[Math.floor(i / 4) % ok.length];
    }
    const zhInstruction =
      kind === 'en' ? rng.chance(0.3) : kind === 'price' ? rng.chance(0.6) : rng.chance(0.85);
    const instruction = instructionFor(oldText, newText, req, zhInstruction, rng);

    // Place the text in a slot (a vertical band); decorations go in the others.
    const slots = [0.2, 0.5, 0.78];
    const slot = rng.pick([1, 1, 0, 2]);
    const yFor = (size: number) => Math.round(height * slots[slot] + size * 0.35);
    const draft: PosterCase = {
      id: '',
      width,
      height,
      background,
      bg,
      font,
      sizePx,
      color,
      angleDeg,
      align,
      anchor: { x: anchorX(align, width), y: yFor(sizePx) },
      kind,
      oldText,
      newText,
      instruction,
      decorations: [],
    };
    if (outlined) draft.outline = { color: contrast, width: Math.max(2, Math.round(sizePx / 24)) };
    if (shadowed) {
      const d = Math.max(2, Math.round(sizePx / 20));
      draft.shadow = {
        color: light ? [120, 120, 120] : [0, 0, 0],
        dx: d,
        dy: d,
        blur: Math.max(2, Math.round(sizePx / 12)),
      };
    }
    if (req) draft.newColor = req.spec;

    // Shrink until both texts fit with a margin (rotation can make a wide line tall).
    const fits = () =>
      inside(rawTextBox(oldText, draft), width, height, 16) &&
      inside(rawTextBox(newText, draft), width, height, 16);
    while (!fits() && sizePx > 28) {
      sizePx = Math.max(28, Math.floor(sizePx * 0.9));
      draft.sizePx = sizePx;
      draft.anchor.y = yFor(sizePx);
      if (draft.outline) draft.outline.width = Math.max(2, Math.round(sizePx / 24));
    }
    if (!fits()) {
      draft.angleDeg = 0;
      draft.align = 'center';
      draft.anchor.x = anchorX('center', width);
    }

    draft.decorations = makeDecorations(draft, slot, slots, light, rng);
    const feats = [
      draft.angleDeg !== 0 ? 'rot' : '',
      draft.outline ? 'outline' : '',
      draft.shadow ? 'shadow' : '',
      draft.newColor ? 'color' : '',
    ].filter(Boolean);
    draft.id = [`p${String(i).padStart(2, '0')}`, background, font, kind, ...feats].join('-');
    cases.push(draft);
  }
  return cases;
}

function makeDecorations(
  c: PosterCase,
  slot: number,
  slots: number[],
  light: boolean,
  rng: Rng,
): Decoration[] {
  const keepOut = padBox(unionBox(rawTextBox(c.oldText, c), rawTextBox(c.newText, c)), 24, c.width, c.height);
  const ink: Rgb = light ? [60, 60, 70] : [230, 230, 235];
  const accent: Rgb = light ? [220, 60, 60] : [255, 190, 40];
  const out: Decoration[] = [];
  const want = rng.int(1, 3);
  const free = [0, 1, 2].filter((s) => s !== slot);
  for (let k = 0; k < 6 && out.length < want; k++) {
    const s = free[k % free.length];
    const yc = Math.round(c.height * slots[s]);
    let d: Decoration;
    const roll = rng.next();
    if (roll < 0.55) {
      const sizePx = rng.int(24, 56);
      const align = rng.pick(['left', 'center', 'right'] as const);
      d = {
        kind: 'text',
        text: rng.pick(DECOR_TEXTS),
        font: rng.pick(FONTS),
        sizePx,
        color: rng.chance(0.5) ? ink : accent,
        x: anchorX(align, c.width),
        y: yc + Math.round(sizePx * 0.35) + rng.int(-30, 30),
        align,
      };
    } else if (roll < 0.8) {
      const w = rng.int(120, 360);
      const h = rng.int(30, 80);
      d = {
        kind: 'rect',
        x: rng.int(40, c.width - w - 40),
        y: yc - Math.round(h / 2) + rng.int(-40, 40),
        width: w,
        height: h,
        color: accent,
        radius: rng.pick([0, 8, h / 2]),
      };
    } else {
      const r = rng.int(20, 60);
      d = {
        kind: 'circle',
        cx: rng.int(r + 40, c.width - r - 40),
        cy: yc + rng.int(-40, 40),
        r,
        color: accent,
      };
    }
    const b = decorationBox(d);
    if (
      !overlaps(b, keepOut) &&
      inside(b, c.width, c.height, 8) &&
      out.every((o) => !overlaps(padBox(decorationBox(o), 16, c.width, c.height), b))
    ) {
      out.push(d);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rendering

const css = (c: Rgb, a = 1) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${a})`;

const photoCache = new Map<string, Promise<Image>>();

/** A shared photo scaled and centre-cropped to fill `width` x `height`, as sRGB (gray photos too). */
export function loadPhoto(name: string, width: number, height: number): Promise<Image> {
  const key = `${name}@${width}x${height}`;
  let hit = photoCache.get(key);
  if (!hit) {
    hit = sharp(path.join(PHOTOS_DIR, `${name}.png`))
      .resize(width, height, { fit: 'cover' })
      .toColourspace('srgb')
      .removeAlpha()
      .png()
      .toBuffer()
      .then((buf) => loadImage(buf));
    photoCache.set(key, hit);
  }
  return hit;
}

async function drawBackground(ctx: SKRSContext2D, c: PosterCase): Promise<void> {
  const { width, height } = c;
  const bg = c.bg;
  if (bg.kind === 'solid') {
    ctx.fillStyle = css(bg.color);
    ctx.fillRect(0, 0, width, height);
  } else if (bg.kind === 'gradient') {
    const a = (bg.angleDeg * Math.PI) / 180;
    const r = (Math.abs(Math.cos(a)) * width + Math.abs(Math.sin(a)) * height) / 2;
    const [cx, cy] = [width / 2, height / 2];
    const g = ctx.createLinearGradient(
      cx - Math.cos(a) * r,
      cy - Math.sin(a) * r,
      cx + Math.cos(a) * r,
      cy + Math.sin(a) * r,
    );
    g.addColorStop(0, css(bg.from));
    g.addColorStop(1, css(bg.to));
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, width, height);
  } else {
    ctx.drawImage(await loadPhoto(bg.photo, width, height), 0, 0, width, height);
    if (bg.dim !== 0) {
      ctx.fillStyle = bg.dim > 0 ? css([0, 0, 0], bg.dim) : css([255, 255, 255], -bg.dim);
      ctx.fillRect(0, 0, width, height);
    }
  }
}

function drawDecoration(ctx: SKRSContext2D, d: Decoration): void {
  ctx.save();
  if (d.kind === 'text') {
    ctx.font = fontString(loadFont(d.font), d.sizePx);
    ctx.textAlign = d.align;
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = css(d.color);
    ctx.fillText(d.text, d.x, d.y);
  } else if (d.kind === 'rect') {
    ctx.fillStyle = css(d.color);
    ctx.beginPath();
    ctx.roundRect(d.x, d.y, d.width, d.height, d.radius);
    ctx.fill();
  } else {
    ctx.fillStyle = css(d.color);
    ctx.beginPath();
    ctx.arc(d.cx, d.cy, d.r, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.restore();
}

/** Draws `text` in the case's style with fill `fill` onto `ctx` (stroke under fill; no shadow here). */
function drawStyledText(ctx: SKRSContext2D, c: PosterCase, text: string, fill: ColorSpec): void {
  ctx.save();
  ctx.translate(c.anchor.x, c.anchor.y);
  ctx.rotate((c.angleDeg * Math.PI) / 180);
  ctx.font = fontString(loadFont(c.font), c.sizePx);
  ctx.textAlign = c.align;
  ctx.textBaseline = 'alphabetic';
  if (c.outline) {
    ctx.strokeStyle = css(c.outline.color);
    ctx.lineWidth = c.outline.width * 2; // half of a stroke lies inside the glyph
    ctx.lineJoin = 'round';
    ctx.strokeText(text, 0, 0);
  }
  if (fill.kind === 'solid') {
    ctx.fillStyle = css(fill.rgb);
  } else {
    const r = localRect(text, { ...c, outline: undefined });
    const g = ctx.createLinearGradient(r.left, 0, r.right, 0);
    const n = Math.max(1, fill.stops.length - 1);
    fill.stops.forEach((s, k) => g.addColorStop(k / n, css(s)));
    ctx.fillStyle = g;
  }
  ctx.fillText(text, 0, 0);
  ctx.restore();
}

/**
 * Renders the poster with the old text (the edit's input), the new text (the ground truth), or no
 * text at all ('blank', for tests that check the box really holds every drawn pixel).
 */
export async function renderPoster(c: PosterCase, which: 'old' | 'new' | 'blank'): Promise<RenderedPoster> {
  const canvas = createCanvas(c.width, c.height);
  const ctx = canvas.getContext('2d');
  await drawBackground(ctx, c);
  for (const d of c.decorations) drawDecoration(ctx, d);
  const text = which === 'new' ? c.newText : c.oldText;
  const fill: ColorSpec = which === 'new' && c.newColor ? c.newColor : { kind: 'solid', rgb: c.color };
  if (which !== 'blank') {
    if (c.shadow) {
      // Draw outline + fill on a layer, then composite the layer once with the shadow: one shadow of
      // the whole outlined glyph, not one per stroke and fill.
      const layer = createCanvas(c.width, c.height);
      drawStyledText(layer.getContext('2d'), c, text, fill);
      ctx.save();
      ctx.shadowColor = css(c.shadow.color, 0.75);
      ctx.shadowBlur = c.shadow.blur;
      ctx.shadowOffsetX = c.shadow.dx;
      ctx.shadowOffsetY = c.shadow.dy;
      ctx.drawImage(layer, 0, 0);
      ctx.restore();
    } else {
      drawStyledText(ctx, c, text, fill);
    }
  }
  const png = await canvas.encode('png');
  return { png, textBox: caseTextBox(c, which === 'new' ? 'new' : 'old') };
}

/** Union of the old and new text boxes padded by `pad`: where a correct edit may change pixels. */
export function editBox(c: PosterCase, pad = 8): Box {
  return padBox(unionBox(caseTextBox(c, 'old'), caseTextBox(c, 'new')), pad, c.width, c.height);
}
