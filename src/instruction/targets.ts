import type { Anchor, ObjectTarget } from '../types.js';
import type { RequestContext } from './context.js';
import { unsupported } from './help.js';
import { PLACES } from './lexicon.js';
import { readPhrase } from './phrase.js';
import { type Segment, spell } from './segments.js';
import { tokenize } from './tokens.js';

/**
 * Places (lexicon/places.json) as the regex sources the overlay grammar still uses, and the entry
 * that turns a target phrase into an ObjectTarget (read from its tokens by phrase.ts).
 */

const ZH_ANCHORS: ReadonlyArray<readonly [Anchor, string]> = PLACES.map(([a, w]) => [a, w.zh.join('|')]);
// English place words of several words take a space or a hyphen between them (top left, top-left).
const EN_ANCHORS: ReadonlyArray<readonly [Anchor, string]> = PLACES.map(([a, w]) => [
  a,
  w.en.map((e) => e.split(' ').join('[\\s-]*')).join('|'),
]);

const alternation = (anchors: ReadonlyArray<readonly [Anchor, string]>): string =>
  anchors
    .flatMap(([, words]) => words.split('|'))
    .sort((a, b) => b.length - a.length)
    .join('|');
export const ZH_ANCHOR_SOURCE = alternation(ZH_ANCHORS);
export const EN_ANCHOR_SOURCE = alternation(EN_ANCHORS);
/** Regex source of every anchor word, longest first (左上角 before 左上, top left before top). */
export const ANCHOR_SOURCE = `${ZH_ANCHOR_SOURCE}|${EN_ANCHOR_SOURCE}`;

/** The anchor an anchor word names: 右下角 → bottom-right, "lower right" → bottom-right. */
export function anchorOf(word: string): Anchor | undefined {
  const w = word.trim();
  return [...ZH_ANCHORS, ...EN_ANCHORS].find(([, words]) => new RegExp(`^(?:${words})$`, 'iu').test(w))?.[0];
}

/** Words that name several things at once: one step acts on one thing (or one --mask). */
export function several(phrase: string, instruction: string, intent: string): Error {
  return unsupported(
    instruction,
    `"${phrase}" names several things; each step acts on one: name it (左边的人 / the person ` +
      'on the left / 最大的车), or mark the area with --mask (这个 / this).',
    { intent },
  );
}

/** The target the words name, or undefined when they name nothing Scalpel can find (phrase.ts). */
export function parseTarget(
  words: string,
  seg: Segment,
  instruction: string,
  intent: string,
  ctx: RequestContext = {},
): ObjectTarget | undefined {
  const phrase = spell(words.trim(), seg);
  const read = readPhrase(tokenize(words), seg, ctx, phrase);
  if (read.kind === 'several') throw several(phrase, instruction, intent);
  return read.kind === 'target' ? read.target : undefined;
}

/**
 * Two places named together as one (底部中间 = bottom centre, 右边靠上 = top right, the bottom-left
 * corner's left side = bottom-left): the vertical and horizontal parts joined, the centre neutral.
 * Undefined when they disagree (top and bottom).
 */
export function combineAnchors(a: Anchor, b: Anchor): Anchor | undefined {
  const parts = (x: Anchor) => ({
    v: x.startsWith('top') ? 'top' : x.startsWith('bottom') ? 'bottom' : undefined,
    h: x.endsWith('left') ? 'left' : x.endsWith('right') ? 'right' : undefined,
  });
  const [p, q] = [parts(a), parts(b)];
  if ((p.v && q.v && p.v !== q.v) || (p.h && q.h && p.h !== q.h)) return undefined;
  const v = p.v ?? q.v;
  const h = p.h ?? q.h;
  return (v && h ? `${v}-${h}` : (v ?? h ?? 'center')) as Anchor;
}
