import type { Params } from './fit-score.js';
import type { FontId } from './fonts.js';
import type { LineFrame } from './frame.js';
import { measureInk } from './render.js';

/** Sizes whose ink height is a plausible share of the detected line's height. */
export function sizeRangeFor(frame: LineFrame) {
  return (text: string, font: FontId) => {
    const m = measureInk(text, font, 100);
    const per = Math.max(1, m.ascent + m.descent);
    return { min: (35 * frame.height) / per, max: (125 * frame.height) / per };
  };
}

/** Sizes at which `text` in `font` would span the ink's height and its length. */
export function sizeGuesses(text: string, font: FontId, fillLen: number, fillHgt: number) {
  const m = measureInk(text, font, 100);
  return {
    byHeight: (100 * fillHgt) / Math.max(1, m.ascent + m.descent),
    byLength: (100 * fillLen) / Math.max(1, m.right - m.left),
  };
}

/**
 * A guessed size kept plausible for the detected line (its box hugs CJK ink closely): stray dark
 * pixels must not inflate the size.
 */
export function plausibleSize(range: { min: number; max: number }, guess: number): number {
  return Math.max(range.min, Math.min(guess, range.max * 0.96));
}

/** Coordinate descent: nudges one parameter at a time while the score improves, sizes kept plausible. */
export function descender(sizeRange: (text: string, font: FontId) => { min: number; max: number }) {
  return (
    score: (p: Params) => number,
    start: Params,
    startScore: number,
    steps: [keyof Params, number][],
    rounds: number,
  ) => {
    let cur = { p: start, match: startScore };
    for (let round = 0; round < rounds; round++) {
      let moved = false;
      for (const [key, step] of steps) {
        for (const dir of [-1, 1]) {
          const p = {
            ...cur.p,
            [key]:
              (cur.p[key] as number) * (key === 'size' ? 1 + dir * step : 1) +
              (key === 'size' ? 0 : dir * step),
          };
          const range = sizeRange(p.text, p.font);
          if (p.ow < 0 || p.size > range.max || p.size < range.min) continue;
          const match = score(p);
          if (match > cur.match + 1e-4) {
            cur = { p, match };
            moved = true;
          }
        }
      }
      if (!moved) break;
    }
    return cur;
  };
}
