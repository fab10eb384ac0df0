import { COCO_LABELS } from '../perception/labels.js';
import { COLOR_NAMES } from './colors.js';
import { ALL_WORDS, PLACES, PRESET_WORDS } from './lexicon.js';
import { STICKER_WORDS } from './add-words.js';
import { scanQuotes } from './quotes.js';

/**
 * English typed in a hurry (removethe cat pls, watermrk off, backgroud white, make teh sky blue):
 * a word no lexicon knows is read as the one lexicon word it is a slip away from — one letter
 * missing, added, changed or two swapped (two for words of eight letters or more) — or as two
 * lexicon words run together. A word with two equally near readings is left alone, and so are
 * quoted texts and short words, where a slip cannot be told from another word.
 */

const COMMON = 'the a an to it in on of at and or my our this that is be with for from me please pls'.split(
  ' ',
);

let vocabulary: ReadonlySet<string> | undefined;

function words(): ReadonlySet<string> {
  if (vocabulary) return vocabulary;
  const all = [
    ...ALL_WORDS.flatMap((w) => w.en),
    ...PLACES.flatMap(([, w]) => w.en),
    ...PRESET_WORDS.flatMap(([, w]) => w.en),
    ...Object.entries(COCO_LABELS).flatMap(([label, n]) => [label, ...n.en]),
    ...COLOR_NAMES,
    ...STICKER_WORDS.map(([name]) => name),
    ...STICKER_WORDS.map(([name]) => `${name}s`),
    ...COMMON,
  ];
  vocabulary = new Set(
    all.flatMap((w) => w.toLowerCase().split(/[\s-]+/u)).filter((w) => /^[a-z]+$/.test(w)),
  );
  return vocabulary;
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), capped at 3. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return Math.min(d[a.length][b.length], 3);
}

const british = (w: string) => w.replace(/our/gu, 'or').replace(/ise/gu, 'ize');

/** The reading of one unknown word, or undefined when there is none or two equally near. */
function respellWord(word: string): string | undefined {
  const known = words();
  const w = word.toLowerCase();
  if (w.length < 4 || known.has(w) || known.has(w.replace(/s$/u, ''))) return undefined;
  for (let k = 2; k <= w.length - 2; k++) {
    if (known.has(w.slice(0, k)) && known.has(w.slice(k)) && w.slice(k).length > 1)
      return `${w.slice(0, k)} ${w.slice(k)}`;
  }
  const limit = w.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestD = limit + 1;
  let tie = false;
  for (const v of known) {
    if (v.length < 3) continue;
    const d = distance(w, v);
    if (d < bestD) [best, bestD, tie] = [v, d, false];
    // colurs is colours or colors: spellings of one word are no tie.
    else if (d === bestD && v !== best && british(v) !== british(best ?? '')) tie = true;
  }
  return best && !tie ? best : undefined;
}

/** The sentence with its slips read as lexicon words, or undefined when nothing changed. */
export function respelled(text: string): string | undefined {
  const scan = scanQuotes(text);
  if (!scan.ok) return undefined;
  const inQuote = (i: number) => scan.quotes.some((q) => i >= q.start && i < q.end);
  let changed = false;
  const out = text.replace(/[A-Za-z]+/gu, (word, at: number) => {
    if (inQuote(at)) return word;
    const fixed = respellWord(word);
    if (fixed === undefined) return word;
    changed = true;
    return fixed;
  });
  return changed ? out : undefined;
}
