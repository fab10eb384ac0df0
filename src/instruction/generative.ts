import { objectLabel } from '../perception/labels.js';
import { parseColor } from './colors.js';
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
const NOT_EDITS = wordSet(GENERATIVE_WORDS.notEdits);
const CREATE = wordSet(GENERATIVE_WORDS.create);
const RESHAPE = wordSet(GENERATIVE_WORDS.reshape);
const BEHIND = wordSet(GENERATIVE_WORDS.behind);
/** Words between a thing and what it becomes: make the horse a unicorn, change it to glass. */
const LINKS = new Set([
  'a',
  'an',
  'the',
  'to',
  'into',
  'in',
  'for',
  'with',
  'look',
  'looks',
  'like',
  'one',
  'color',
  'colour',
  'colored',
  'coloured',
]);

/** generate a girl in a red dress: a picture asked for from nothing. */
export const asksToCreate = (text: string): boolean => tokenize(text).some((t) => CREATE.has(t.norm));
const PERSON = new Set(['him', 'her', 'them', '他', '她', '他们', '她们']);

export function needsNewContent(text: string): boolean {
  const toks = tokenize(text);
  // 给这张图配一段文案 / write a caption for it: not an image edit at all.
  if (toks.some((t) => NOT_EDITS.has(t.norm))) return false;
  if (toks.some((t) => CUES.has(t.norm) || CREATE.has(t.norm))) return true;
  return toks.some((t, i) => {
    const after = toks.slice(i + 1);
    // A transform or add verb with a thing after it: 把这个人换成一个小孩, put a cat on the sofa.
    if ((TRANSFORM.has(t.norm) || ADD.has(t.norm)) && after.some((r) => objectLabel(r.text))) return true;
    // A thing turned into anything but a colour: turn the cat into a lion.
    if (TRANSFORM.has(t.norm) && after.length > 0 && toks.slice(0, i).some((r) => objectLabel(r.text)))
      return !parseColor(text.slice(after[0].start, after.at(-1)?.end).replace(/(?:色|的|colou?r)$/iu, ''));
    // make the horse a unicorn / change the bottle to frosted glass: a named thing made into anything
    // but a colour (the grammar has already refused every local reading).
    if (RESHAPE.has(t.norm)) {
      const thing = after.findIndex((r) => objectLabel(r.text));
      const rest = thing >= 0 ? after.slice(thing + 1).filter((r) => !LINKS.has(r.norm)) : [];
      if (rest.length > 0) return !parseColor(text.slice(rest[0].start, rest.at(-1)?.end));
    }
    // 在沙发上加一只柯基 / put a jungle behind the product: something added onto a named thing, or behind the subject.
    if (
      ADD.has(t.norm) &&
      (toks.slice(0, i).some((r) => objectLabel(r.text)) || after.some((r) => BEHIND.has(r.norm)))
    )
      return true;
    // Something given to a person: give him a beard, 给她加个帽子.
    return ADD.has(t.norm) && after.some((r) => PERSON.has(r.norm));
  });
}
