import { objectLabel } from '../perception/labels.js';
import { GENERATIVE_WORDS, wordSet } from './lexicon.js';
import { tokenize } from './tokens.js';

/**
 * Does a sentence that no grammar read ask for new content? Read from tokens with
 * lexicon/generative.json: a word that always does (材质, 风格, 穿, 老虎, sunset), or a transform or add
 * verb with a thing after it (把这个人换成一个小孩, put a cat on the sofa). Only asked once every grammar has failed,
 * so 去掉鸟 or 把杯子换成蓝色 never get here.
 */

const CUES = wordSet(GENERATIVE_WORDS.cues);
const TRANSFORM = wordSet(GENERATIVE_WORDS.transform);
const ADD = wordSet(GENERATIVE_WORDS.add);

export function needsNewContent(text: string): boolean {
  const toks = tokenize(text);
  if (toks.some((t) => CUES.has(t.norm))) return true;
  // A transform or add verb with a thing after it: 把这个人换成一个小孩, put a cat on the sofa.
  return toks.some(
    (t, i) =>
      (TRANSFORM.has(t.norm) || ADD.has(t.norm)) && toks.slice(i + 1).some((r) => objectLabel(r.text)),
  );
}
