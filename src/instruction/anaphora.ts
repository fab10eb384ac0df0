import type { EditStep } from '../types.js';
import { attempt, clauses } from './context-clauses.js';
import { ANCHOR } from './phrase.js';
import { type Token, tokenize } from './tokens.js';

/**
 * A thing named in one clause and removed in the next (右边那辆车太抢眼了，去掉 / 左上角有个水印，帮我弄掉 /
 * The umbrella in the top left is distracting, can we remove it?). Without a mask, a bare removal
 * ("去掉", "remove it") points back: the longest run of words in an earlier clause that a removal
 * reads as a thing (not the mask) is what it means; the words around it are context, set aside.
 */

export function resolveBack(
  instruction: string,
  /** Parses a text as a request; throws when it is not understood. */
  parse: (text: string, mask: boolean) => EditStep[],
): { steps: EditStep[]; ignored: string[] } | undefined {
  const parts = clauses(instruction);
  if (parts.length < 2) return undefined;
  const last = parts[parts.length - 1];
  const bare = attempt(() => parse(last, true));
  if (!bare || bare.length !== 1 || bare[0].op !== 'remove' || bare[0].target.kind !== 'mask')
    return undefined;
  const zh = /\p{Script=Han}/u.test(last);
  for (const clause of parts.slice(0, -1).reverse()) {
    // Chinese by characters (the segmenter may cut 车太 as one word), English by words.
    const cuts = zh ? [...clause].map((_, i) => [...clause].slice(0, i).join('').length) : wordStarts(clause);
    const ends = zh ? cuts.map((_, i) => cuts[i + 1] ?? clause.length) : wordEnds(clause);
    let best: { steps: EditStep[]; from: number; to: number; rank: number } | undefined;
    for (let a = 0; a < cuts.length; a++) {
      for (let b = a; b < ends.length; b++) {
        const [from, to] = [cuts[a], ends[b]];
        const span = clause.slice(from, to).trim();
        if (span === '') continue;
        const steps = attempt(() => parse(zh ? `去掉${span}` : `remove ${span}`, false));
        if (steps?.length !== 1 || steps[0].op !== 'remove' || steps[0].target.kind === 'mask') continue;
        // A thing over a place (右边那辆车, not 右边), then the most words.
        const rank = (steps[0].target.kind === 'region' ? 0 : 1e6) + (to - from);
        if (!best || rank > best.rank) best = { steps, from, to, rank };
      }
    }
    if (best) {
      // 右下角有一行英文小字，去掉: a place said apart from the thing is where it is.
      const place = placeApart(clause, best.from, best.to);
      const span = clause.slice(best.from, best.to).trim();
      const placed =
        place &&
        attempt(() =>
          parse(zh ? `去掉${place.text}的${span}` : `remove ${span} in the ${place.text}`, false),
        );
      if (place && placed?.length === 1 && placed[0].op === 'remove' && 'anchor' in placed[0].target) {
        best.steps = placed;
        [best.from, best.to] = [Math.min(best.from, place.start), Math.max(best.to, place.end)];
      }
      const rest = [clause.slice(0, best.from), clause.slice(best.to)]
        .map((s) => s.trim())
        .filter((s) => s !== '');
      return { steps: best.steps, ignored: [...rest, ...parts.filter((c) => c !== clause && c !== last)] };
    }
  }
  return undefined;
}

/** The one place word of a clause outside [from, to), if there is exactly one (单字 上/下 are links). */
function placeApart(clause: string, from: number, to: number): Token | undefined {
  const places = tokenize(clause).filter(
    (t) => ANCHOR.has(t.norm) && !/^\p{Script=Han}$/u.test(t.text) && (t.end <= from || t.start >= to),
  );
  return places.length === 1 ? places[0] : undefined;
}

const wordStarts = (s: string) => [...s.matchAll(/\S+/gu)].map((m) => m.index);
const wordEnds = (s: string) => [...s.matchAll(/\S+/gu)].map((m) => m.index + m[0].length);
