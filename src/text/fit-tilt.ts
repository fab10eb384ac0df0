import { plausibleSize, sizeGuesses, type sizeRangeFor } from './fit-descend.js';
import type { Params, scorerFor } from './fit-score.js';
import type { FontId } from './fonts.js';

type Scorer = ReturnType<ReturnType<typeof scorerFor>>;

const DEG = Math.PI / 180;
/** Tilts tried, in degrees: the detector's angle was up to 5° off on the benchmark (case p32). */
const TILTS = [-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6];
/** Overlap (IoU) a tilt must gain over the detector's angle to replace it. */
const MIN_GAIN = 0.02;

/**
 * The detector's box can be tilted against the glyphs by a few degrees (descenders at one end of
 * "Free Shipping", a capital at the other, tilt its box by 2°), and faces compared at the wrong
 * angle all match poorly, so the wrong one can win. One hypothesis, centred once, is turned through
 * ±6° at the coarse scale (placement keeps the ink centre, so turning needs no re-centring), then
 * ±0.5° around the best; every face then starts from that tilt. Returns radians.
 */
export function findTilt(score: Scorer, start: Params): number {
  const p = score.centre(start);
  const level = score(p);
  let best = { t: 0, match: level };
  for (const deg of TILTS) {
    const match = score({ ...p, dAngle: deg * DEG });
    if (match > best.match) best = { t: deg * DEG, match };
  }
  const whole = best.t;
  for (const half of [-0.5, 0.5]) {
    const match = score({ ...p, dAngle: whole + half * DEG });
    if (match > best.match) best = { t: whole + half * DEG, match };
  }
  // The detector's own angle stands unless a tilt clearly fits better: a probe that barely
  // touches the ink (a wrong first size) would otherwise pick a tilt from noise.
  return best.match > level + MIN_GAIN ? best.t : 0;
}

/** A first hypothesis for the tilt search: the face sized between its height and length guesses. */
export function probe(
  cand: { text: string; spaces: number[] },
  font: FontId,
  fillLen: number,
  fillHgt: number,
  sizeRange: ReturnType<typeof sizeRangeFor>,
  ow: number,
): Params {
  const { byHeight, byLength } = sizeGuesses(cand.text, font, fillLen, fillHgt);
  const size = plausibleSize(sizeRange(cand.text, font), (byHeight + byLength) / 2);
  return { ...cand, font, size, da: 0, db: 0, dAngle: 0, ow, skew: 0 };
}
