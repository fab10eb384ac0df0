import { measureInk } from './render.js';

/**
 * OCR drops spaces ("新品上市 SALE" reads as "新品上市SALE"). Where the recognised characters stand
 * further apart than their advances explain, offer the text with a space put back; the fit decides.
 */
export function spacingCandidates(
  text: string,
  positions: number[],
  length: number,
): { text: string; spaces: number[] }[] {
  const chars = [...text];
  const out = [{ text, spaces: [] as number[] }];
  if (chars.length < 2 || positions.length !== chars.length) return out;
  const adv = chars.map((c) => measureInk(c, 'sans-regular', 100).advance);
  const centres: number[] = [];
  adv.reduce((acc, a) => (centres.push(acc + a / 2), acc + a), 0);
  const span = centres[centres.length - 1] - centres[0];
  const seen = (positions[positions.length - 1] - positions[0]) * length;
  if (span <= 0 || seen <= 0) return out;
  const k = seen / span; // pixels per unit at 100 px
  const gaps = chars.slice(1).map((c, i) => ({
    at: i + 1,
    extra: ((positions[i + 1] - positions[i]) * length) / k - (centres[i + 1] - centres[i]),
    ok: chars[i] !== ' ' && c !== ' ',
  }));
  // Where Han meets Latin or digits ("新品 NEW", "618 大促") a space is common enough that half the
  // usual evidence will do: the recogniser's character centres are too coarse to show a whole space.
  const wide = gaps
    .filter((g) => g.ok && g.extra > (scriptChange(chars[g.at - 1], chars[g.at]) ? 6 : 12))
    .sort((a, b) => b.extra - a.extra)
    .slice(0, 2);
  const withSpaces = (at: number[]) => ({
    text: chars.map((c, i) => (at.includes(i) ? ' ' + c : c)).join(''),
    spaces: [...at].sort((a, b) => a - b),
  });
  for (const g of wide) out.push(withSpaces([g.at]));
  if (wide.length === 2) out.push(withSpaces(wide.map((g) => g.at)));
  return out;
}

const HAN = /\p{Script=Han}/u;
const LATIN_OR_DIGIT = /[\p{Script=Latin}0-9]/u;

function scriptChange(a: string, b: string): boolean {
  return (HAN.test(a) && LATIN_OR_DIGIT.test(b)) || (LATIN_OR_DIGIT.test(a) && HAN.test(b));
}
