/** Seeded generation of the benchmark's poster cases. */
import type { Rgb } from '../../src/types.js';
import { makeDecorations } from './decorations.js';
import { anchorX, inside, rawTextBox } from './geometry.js';
import { COLOR_REQUESTS, DARK_BGS, DARK_INKS, LIGHT_BGS, LIGHT_INKS, type ColorRequest } from './palette.js';
import { PHOTO_NAMES } from './photos.js';
import { makeRng } from './rng.js';
import type { Align, BackgroundSpec, PosterCase, TextKind } from './types.js';
import { FONTS, TEXT_PAIRS, instructionFor } from './vocabulary.js';

/** Overrides that make a focused set: every background a photo blurred by a sigma in `blur`, every line rotated by `angle` degrees (either sign). */
export interface CaseSet {
  prefix?: string;
  blur?: [number, number];
  angle?: [number, number];
}

/** The self-check set: rotated lines (3-15°) over blurred photos, where a mis-fitted angle shows. */
export const ROTATED_BLUR: CaseSet = { prefix: 'r', blur: [3, 8], angle: [3, 15] };

/**
 * `n` poster cases from `seed`. Coverage is by construction, not luck: backgrounds cycle every 3 cases,
 * fonts every 12, text kinds every 4 (shifted so they don't lock to backgrounds), and every 4th case
 * asks for a colour. Sizes span 28-120 px, ~1/3 of cases are rotated, outlines and shadows are common
 * on photos and occasional elsewhere; every 8th poster is 800x1000.
 */
export function generateCases(n = 60, seed = 1, set: CaseSet = {}): PosterCase[] {
  const rng = makeRng(seed);
  // A separate stream, so that a set's overrides leave the main set's cases as they were.
  const extra = makeRng(seed ^ 0x5eed);
  const kinds: TextKind[] = ['zh', 'en', 'price', 'mixed'];
  const cases: PosterCase[] = [];
  for (let i = 0; i < n; i++) {
    const background = set.blur ? 'photo' : (['solid', 'gradient', 'photo'] as const)[i % 3];
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
      if (set.blur) bg.blur = extra.int(set.blur[0], set.blur[1]);
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
    let angleDeg = rng.chance(0.65) ? 0 : rng.pick([-1, 1]) * rng.int(4, 20);
    if (set.angle) angleDeg = (i % 2 ? -1 : 1) * extra.int(set.angle[0], set.angle[1]);
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
    const tag = set.blur ? `blur${bg.kind === 'photo' ? bg.blur : 0}` : background;
    draft.id = [`${set.prefix ?? 'p'}${String(i).padStart(2, '0')}`, tag, font, kind, ...feats].join('-');
    cases.push(draft);
  }
  return cases;
}
