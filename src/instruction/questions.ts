import { ScalpelError } from '../errors.js';
import { COCO_LABELS, objectLabel } from '../perception/labels.js';
import type { QueryStep } from '../types.js';
import { FILLERS, QUESTIONS, VERBS, wordSet } from './lexicon.js';
import { QUOTE_MARK, type QuotedSpan } from './quotes.js';
import { type Token, tokenize } from './tokens.js';

/**
 * Questions (查), read from tokens with lexicon/questions.json: a sentence is a question when it has a
 * question cue (有没有, 是否, 吗, 在哪, 几只, is there, any, do you see, where, how many, a final ?) and no
 * edit verb (能帮我去掉水印吗 is a request). The frame (请问, 图中, in the photo, do we have) is dropped;
 * what is left is what to look for: a quoted text, prices, any text, or COCO objects (狗和猫 / a dog
 * or a cat asks about each). A question about something the detector does not know is
 * UNSUPPORTED_INSTRUCTION: it would always answer "no".
 */

const Q = QUOTE_MARK;
/** Chinese measure words glued to a noun (一只狗, 任何车辆): dropped when the word itself is not a name. */
const MEASURE = /^(?:一|几|任何|什么)?(?:只|个|辆|条|头|匹|位|张|把|台|部|架|艘|本|些|件|棵|盆|块)?/u;
/** A count standing before a noun: 一只, 几个, 两辆. */
const COUNT = /^[一两二三四五六七八九十几]?[只个辆条头匹位张把台部架艘本些件棵盆块]$|^[一两几]$/u;
const CUES = wordSet(QUESTIONS.cues);
const FRAME = wordSet(QUESTIONS.frame, FILLERS);
const PRICE = wordSet(QUESTIONS.price);
const TEXT = wordSet(QUESTIONS.text);
const SAYS = new Set(['say', 'says', '写', '写了', '写的']);
const EDIT = wordSet(VERBS.edit, VERBS.remove);
const LINK = wordSet(FILLERS.links);
const JOIN = wordSet(FILLERS.joins, { zh: [], en: ['or'] });
const EN_START =
  /^(?:please\s+)?(?:is|are|does|do|can|could|any|got|where|how|what|which|(?:check|answer|say|find\s+out)\s+(?:whether|if)|tell\s+me\s+(?:whether|if))\b/iu;
/** Could you tone down the colours / 要是瓶子都没了就好了: a request asked politely or wished, not a question. */
const NOT_ASKED =
  /^(?:can|could|would|will)\s+(?:you|u|we|i)\s+(?:please\s+|maybe\s+|pls\s+|just\s+)?(?!see|find|spot|tell|check|notice|look|show|count|say|read)[a-z]|^(?:can|could)\s+(?:the|this|that|my|our)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:just\s+|maybe\s+)?be\b|^(?:要是|如果|假如)|就好了$|^i\s+wish\b/iu;
/** query: is there a laptop — a label an API caller puts before the question. */
const LABEL = /^(?:query|question|ask|q)\s*[:：]\s*/iu;

function unknownObject(instruction: string, phrase: string): ScalpelError {
  const classes = Object.keys(COCO_LABELS);
  return new ScalpelError(
    'UNSUPPORTED_INSTRUCTION',
    `Scalpel cannot look for "${phrase}". Questions can be about the 80 COCO object classes ` +
      `(person, car, dog, cat, cup, …; also in Chinese: 人, 车, 狗, 猫, 杯子, …) or about text in quotes ` +
      `(图中有没有'¥199'). details.classes lists every class.`,
    { stage: 'parse', details: { instruction, object: phrase, classes } },
  );
}

/** is there a laptop on the desk: the words after a link once something was asked about say where. */
function landmark(toks: Token[], i: number): boolean {
  // 桌上有没有笔记本电脑: a Chinese noun before 上/里/旁边 says where.
  if (
    /^(?:上|里|中|下|旁|旁边|边上|里面|上面)$/u.test(toks[i + 1]?.text ?? '') &&
    /\p{Script=Han}/u.test(toks[i].text)
  )
    return true;
  const link = toks.findIndex((t, k) => k < i && LINK.has(t.norm) && /^[a-z]/.test(t.norm));
  return link > 0 && toks.slice(0, link).some((t) => objectLabel(t.text) !== undefined);
}

/**
 * The query steps a question asks for, or undefined when the sentence is not a question. A question
 * about something the detector does not know is UNSUPPORTED_INSTRUCTION (it would always say "no").
 */
export function parseQuestion(
  instruction: string,
  shape: string,
  quotes: QuotedSpan[],
): QueryStep[] | undefined {
  const asked = /[?？]\s*$/u.test(shape);
  const sentence = shape
    .trim()
    .replace(LABEL, '')
    .replace(/[?？!！。.~\s]+$/u, '');
  const toks = tokenize(sentence);
  if (toks.length === 0 || toks.some((t) => EDIT.has(t.norm)) || NOT_ASKED.test(sentence)) return undefined;
  if (!(asked || EN_START.test(sentence) || toks.some((t) => CUES.has(t.norm) && !/^[a-z]/.test(t.norm))))
    return undefined;
  const phrase = (from: Token, to: Token) => sentence.slice(from.start, to.end);

  const quoted = toks.filter((t) => t.text.includes(Q));
  if (quoted.length > 0) {
    const quote = quotes[quotes.length - 1];
    if (quoted.length !== 1 || quotes.length !== 1 || quote.text === '') return undefined;
    // 文字'X' / the text "X": the words that name the quote belong to how it was asked.
    const at = toks.indexOf(quoted[0]);
    const from = at > 0 && TEXT.has(toks[at - 1].norm) ? toks[at - 1] : quoted[0];
    const spoken = phrase(from, quoted[0]).replace(Q, `${quote.open}${quote.text}${quote.close}`);
    return [{ op: 'query', target: { text: quote.text, phrase: spoken }, params: {} }];
  }
  const steps: QueryStep[] = [];
  const unknown: Token[] = [];
  for (const [i, t] of toks.entries()) {
    const label =
      landmark(toks, i) && i + 1 < toks.length - 1
        ? undefined
        : (objectLabel(t.text) ?? objectLabel(t.text.replace(MEASURE, '')));
    // 一只小狗: a count before the noun is part of how it was named.
    const from = i > 0 && COUNT.test(toks[i - 1].text) ? toks[i - 1] : t;
    if (label && !steps.some((s) => 'object' in s.target && s.target.object === label))
      steps.push({ op: 'query', target: { object: label, phrase: phrase(from, t) }, params: {} });
    else if (PRICE.has(t.norm))
      steps.push({ op: 'query', target: { pattern: 'price', phrase: t.text }, params: {} });
    else if (
      !label &&
      !FRAME.has(t.norm) &&
      !CUES.has(t.norm) &&
      !JOIN.has(t.norm) &&
      !TEXT.has(t.norm) &&
      !landmark(toks, i)
    )
      unknown.push(t);
  }
  // 有没有文字 / what does the text say / 图上写了什么: any text, when nothing else is asked about.
  const textWord = toks.find((t) => TEXT.has(t.norm) && !SAYS.has(t.norm));
  if (steps.length === 0 && unknown.length === 0 && (textWord || toks.some((t) => SAYS.has(t.norm))))
    return [{ op: 'query', target: { pattern: 'any-text', phrase: textWord?.text ?? sentence }, params: {} }];
  if (unknown.length > 0 || steps.length === 0) {
    const words = unknown.length > 0 ? phrase(unknown[0], unknown[unknown.length - 1]) : sentence;
    throw unknownObject(instruction, words);
  }
  return steps;
}
