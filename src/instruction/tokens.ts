import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { COCO_LABELS, objectLabel } from '../perception/labels.js';
import { ALL_WORDS, chineseWords } from './lexicon.js';

/**
 * Words of an instruction: Chinese cut by a real segmenter (jieba, with our lexicons as its user
 * dictionary so 右下角, 刷过, 摩托车 stay whole), Latin split on spaces, then neighbours joined where
 * the lexicons know the joined word (P+掉 → P掉, get rid of, top left, teddy bear). Whitespace and
 * punctuation are dropped; a quoted span is one token, the quote mark.
 */

export interface Token {
  /** As typed. */
  text: string;
  /** Lowercased (Latin) for lookups. */
  norm: string;
  /** Where it stands in the tokenized text: [start, end). */
  start: number;
  end: number;
}

let segmenter: Jieba | undefined;

/** jieba with its dictionary and ours, loaded once (~0.2 s), on first use. */
function jieba(): Jieba {
  if (segmenter) return segmenter;
  const require = createRequire(import.meta.url);
  const { Jieba: J } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
  const j = J.withDict(dict);
  // Single characters are in jieba's own dictionary; a high count keeps our longer words whole.
  const ours = [...chineseWords(), ...Object.values(COCO_LABELS).flatMap((n) => n.zh)].filter(
    (w) => [...w].length > 1 && !/\s/.test(w),
  );
  j.loadDict(Buffer.from(ours.map((w) => `${w} 200000 n`).join('\n')));
  segmenter = j;
  return j;
}

/** Joined forms the lexicons know (several words, or Latin, or more than one character). */
const JOINABLE: ReadonlySet<string> = new Set(
  [
    ...ALL_WORDS.flatMap((w) => [...w.zh, ...w.en]),
    ...Object.values(COCO_LABELS).flatMap((n) => [...n.zh, ...n.en]),
  ]
    .map((w) => w.toLowerCase().replace(/[\s-]+/g, ' '))
    .filter((w) => w.includes(' ') || /[A-Za-z]/.test(w) || [...w].length > 1),
);

const SKIP = /^[\s\p{P}\p{S}]*$/u;

/** Every lexicon word, one character ones too: used to re-cut a piece jieba glued wrongly (我涂 → 我 涂). */
const KNOWN: ReadonlySet<string> = new Set([
  ...JOINABLE,
  ...chineseWords(),
  ...Object.values(COCO_LABELS).flatMap((n) => n.zh),
]);

/** 人好碍眼, 车太丑: a degree or link glued after a noun by the segmenter. */
const ADVERB = /^[好很太真也都就还又挺超是]$/u;

/** A Chinese piece no lexicon knows, cut in two where both halves are lexicon words; else as it is. */
function recut(piece: string): string[] {
  if (KNOWN.has(piece) || !/^\p{Script=Han}{2,4}$/u.test(piece)) return [piece];
  const chars = [...piece];
  for (let k = 1; k < chars.length; k++) {
    const [a, b] = [chars.slice(0, k).join(''), chars.slice(k).join('')];
    if (KNOWN.has(a) && (KNOWN.has(b) || ADVERB.test(b))) return [a, b];
  }
  return [piece];
}

export function tokenize(text: string): Token[] {
  // jieba's pieces cover the text exactly: their lengths give each token's place in it.
  const raw: { text: string; start: number }[] = [];
  let at = 0;
  for (const piece of jieba().cut(text, true).flatMap(recut)) {
    if (piece.includes('\ue000') || !SKIP.test(piece) || /[¥$€£#%]/.test(piece))
      raw.push({ text: piece, start: at });
    at += piece.length;
  }
  const out: Token[] = [];
  for (let i = 0; i < raw.length;) {
    let taken = 1;
    for (const span of [4, 3, 2]) {
      const parts = raw.slice(i, i + span);
      if (parts.length < span) continue;
      const latin = parts.every((p) => /^[A-Za-z-]+$/.test(p.text));
      const key = parts
        .map((p) => p.text)
        .join(latin ? ' ' : '')
        .toLowerCase();
      // wine glasses, teddy bears: an object's name of several words, plurals too.
      if (JOINABLE.has(key) || (latin && objectLabel(key) !== undefined)) {
        taken = span;
        break;
      }
    }
    const parts = raw.slice(i, i + taken);
    const last = parts[parts.length - 1];
    const typed = text.slice(parts[0].start, last.start + last.text.length);
    const joined = parts.map((p) => p.text).join(parts.every((p) => /^[A-Za-z-]+$/.test(p.text)) ? ' ' : '');
    out.push({
      text: joined,
      norm: joined.toLowerCase().replace(/-/g, ' '),
      start: parts[0].start,
      end: parts[0].start + typed.length,
    });
    i += taken;
  }
  return out;
}
