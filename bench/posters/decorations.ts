/** Untouched scenery for a case: text lines and shapes placed clear of the edited text and each other. */
import type { Rgb } from '../../src/types.js';
import { unionBox } from '../../src/image/raster.js';
import { anchorX, decorationBox, inside, overlaps, padBox, rawTextBox } from './geometry.js';
import type { Rng } from './rng.js';
import type { Decoration, PosterCase } from './types.js';
import { DECOR_TEXTS, FONTS } from './vocabulary.js';

export function makeDecorations(
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
