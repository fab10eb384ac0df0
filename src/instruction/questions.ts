import { ScalpelError } from '../errors.js';
import { COCO_LABELS, objectLabel } from '../perception/labels.js';
import type { QueryStep } from '../types.js';
import { QUOTE_MARK, type QuotedSpan } from './quotes.js';

/**
 * Questions grammar: "图中有没有狗？", "图里有猫吗", "价格在哪里", "Is there a car?", "Does the image
 * contain a cup?", "where is the price?". Matches the whole sentence (quotes already cut out, see
 * quotes.ts), so a question is never a clause inside an edit. What was asked about becomes the
 * target: a quoted text, prices or any text, or a COCO class through the lexicon.
 */

const Q = QUOTE_MARK;
/** 请问 / 这张图里 / 图片中 …: where the question is asked, all optional. */
const ZH_PREFIX =
  '(?:请问|请|帮我看看|看看)?,?(?:这张|这幅|这个|该)?(?:图片|图像|照片|相片|画面|海报|图)?(?:中|里面|里|上|内)?,?';
const ZH: readonly RegExp[] = [
  new RegExp(`^${ZH_PREFIX}(?:有没有|是否有|是不是有|有无|是否存在|存不存在)(.+?)(?:吗|呢|么)?$`, 'u'),
  new RegExp(`^${ZH_PREFIX}(?:能|可以)?(?:看到|看见|找到)(.+?)(?:吗|么|呢)$`, 'u'),
  new RegExp(`^${ZH_PREFIX}有(.+?)(?:吗|么|嘛|呢)$`, 'u'),
  new RegExp(`^${ZH_PREFIX}(?:的)?(.+?)在哪(?:里|儿|边)?(?:呢)?$`, 'u'),
];
const ARTICLE = '(?:(?:a|an|any|some|the)\\s+)?';
const WHERE =
  '(?:\\s+(?:in|on|within)\\s+(?:the|this)\\s+(?:image|picture|photo|pic|poster|frame|scene|shot))?';
const PICTURE = '(?:the|this)\\s+(?:image|picture|photo|pic|poster)';
const EN: readonly RegExp[] = [
  new RegExp(`^(?:is|are)\\s+there\\s+${ARTICLE}(.+?)${WHERE}$`, 'iu'),
  new RegExp(`^(?:does|do)\\s+${PICTURE}\\s+(?:contain|have|show|include|feature)\\s+${ARTICLE}(.+?)$`, 'iu'),
  new RegExp(`^(?:can|do)\\s+you\\s+(?:see|find|spot)\\s+${ARTICLE}(.+?)${WHERE}$`, 'iu'),
  new RegExp(`^where\\s*(?:is|'s|’s|are)\\s+${ARTICLE}(.+?)${WHERE}$`, 'iu'),
  new RegExp(`^(?:is|are)\\s+${ARTICLE}(.+?)\\s+(?:in|on)\\s+${PICTURE}$`, 'iu'),
];

/** Words that only frame a quoted text: 文字'X' / the text "X" / 'X'这几个字. */
const TEXT_FRAME = new RegExp(
  `^(?:(?:the\\s+)?(?:text|word|words|string|label)\\s*|文字|文本|字样|字)?${Q}(?:这几个字|这个词|几个字|字样|的文字|这段文字)?$`,
  'iu',
);
const PRICE_WORDS = /^(?:价格|价钱|售价|标价|价|prices?|price\s+tag)$/iu;
const TEXT_WORDS = /^(?:文字|文本|字|字样|text|texts|words?|writing|lettering|any\s+text)$/iu;
/** Chinese measure words (一只狗, 任何车辆): dropped when the word itself is not a name. */
const MEASURE = /^(?:一|几|任何|什么)?(?:只|个|辆|条|头|匹|位|张|把|台|部|架|艘|本|些|件|棵|盆|块)?/u;

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

/**
 * The query step a question asks for, or undefined when the sentence is not a question. A question
 * about something the detector does not know is UNSUPPORTED_INSTRUCTION (it would always say "no").
 */
export function parseQuestion(
  instruction: string,
  shape: string,
  quotes: QuotedSpan[],
): QueryStep | undefined {
  const sentence = shape.trim().replace(/[?？!！。.~\s]+$/u, '');
  const asked = [...ZH, ...EN].map((re) => re.exec(sentence)?.[1]).find((x) => x !== undefined);
  if (asked === undefined) return undefined;
  const phrase = asked.trim();
  const marks = [...phrase].filter((c) => c === Q).length;
  if (marks === 1 && TEXT_FRAME.test(phrase)) {
    // The question's one quote is the last one before the phrase ends (the sentence has no others).
    const quote = quotes[quotes.length - 1];
    if (quotes.length !== 1 || quote.text === '') return undefined;
    const spoken = phrase.replace(Q, `${quote.open}${quote.text}${quote.close}`);
    return { op: 'query', target: { text: quote.text, phrase: spoken }, params: {} };
  }
  if (marks > 0) return undefined;
  const word = phrase.replace(/^的/u, '');
  if (PRICE_WORDS.test(word)) return { op: 'query', target: { pattern: 'price', phrase }, params: {} };
  if (TEXT_WORDS.test(word)) return { op: 'query', target: { pattern: 'any-text', phrase }, params: {} };
  const label = objectLabel(word) ?? objectLabel(word.replace(MEASURE, ''));
  if (!label) throw unknownObject(instruction, phrase);
  return { op: 'query', target: { object: label, phrase }, params: {} };
}
