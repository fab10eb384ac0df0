import type { ColorSpec } from '../types.js';
import { COLOR_PHRASE_SOURCE, parseColor } from './colors.js';

/**
 * Style modifiers: the words around a replace-text clause that say how the new text should look
 * (字体颜色变红, in gold gradient, 加粗, 放大, 保持原有倾斜角度). The grammar is "consume and check
 * the residue": known phrases are cut out, then filler words and punctuation; anything left is a
 * word we did not understand and is reported, never ignored, so 不要变红 or "don't make it red"
 * fail loudly instead of turning the text red. Input is text *outside* quotes only.
 */

/** What a stretch of instruction text asked to keep: all defaults, accepted so they can be said. */
export type KeptAspect = 'angle' | 'color' | 'size' | 'style';

export interface Modifiers {
  color?: ColorSpec;
  bold?: true;
  scale?: number;
  keep: KeptAspect[];
  /** 都 / 全部 / both / all: the modifiers apply to every clause so far, not just the nearest. */
  all: boolean;
}

export interface ModifierParse {
  modifiers: Modifiers;
  /** Contradictions within the text (红 and 蓝; 放大 and 缩小), as user-facing sentences. */
  conflicts: string[];
  /** What was left over, collapsed; '' when every word was understood. */
  residue: string;
}

export const SCALE_UP = 1.25;
export const SCALE_DOWN = 0.8;

const NOT_LATIN_BEFORE = '(?<![A-Za-z0-9#])';
const NOT_LATIN_AFTER = '(?![A-Za-z0-9])';
const FLAGS = 'giu';

const ZH_VERB =
  '(?:变成|变为|改成|改为|换成|换为|设为|设置为|设置成|设成|调成|调为|弄成|搞成|整成|做成|改用|变|改|换|为|是|用|采用|使用)';
/** 把字体… / 把颜色… / 把它…; 把 alone stays residue, since 把红色的'C' describes a target. */
const ZH_BA = '(?:(?:把|将)(?=字体|文字|字|颜色|它))?(?:它的|它)?';
const ZH_OWNER = `${ZH_BA}(?:(?:字体|文字|字)(?:的)?)?`;
const COLOR_RE = new RegExp(
  NOT_LATIN_BEFORE +
    ZH_OWNER +
    '(?:颜色|字色)?(?:也)?(?:要)?' +
    `${ZH_VERB}?` +
    '(?:(?:in|with)\\s+(?:an?\\s+)?)?(?:(?:the\\s+)?(?:text|font)\\s+)?' +
    '(?:colou?r(?:ed)?\\s*(?:to\\s+|of\\s+|as\\s+|:|=)?\\s*)?' +
    // 黑体 is the Hei typeface, not black text: a colour directly followed by 体 is not a colour.
    `(${COLOR_PHRASE_SOURCE})${NOT_LATIN_AFTER}(?!体)` +
    '(?:色)?(?:的)?(?:字体|文字|字)?' +
    `(?:\\s+(?:colou?r(?:ed)?|text|font|letters)${NOT_LATIN_AFTER})?`,
  FLAGS,
);

const BOLD_RE = new RegExp(
  `${NOT_LATIN_BEFORE}${ZH_OWNER}(?:加粗|变粗|粗体|粗一点|粗一些|(?:in\\s+)?bold(?:er|face)?${NOT_LATIN_AFTER})`,
  FLAGS,
);

const ZH_DEGREE = '(?:稍微|稍稍|略微|再)?';
const ZH_SIZE_OWNER = `${ZH_BA}(?:(?:字体|文字|字号|字)(?:的)?)?`;
const SCALE_UP_RE = new RegExp(
  `${ZH_SIZE_OWNER}${ZH_DEGREE}(?:放大|变大|加大|调大|增大|大一点|大一些|大些|大点|更大)(?:一点|一些|些|点)?` +
    `|${NOT_LATIN_BEFORE}(?:bigger|larger|more\\s+(?:big|large)|enlarged?|scaled?\\s+up|size\\s+up|increase\\s+(?:the\\s+)?(?:font\\s+|text\\s+)?size)${NOT_LATIN_AFTER}`,
  FLAGS,
);
const SCALE_DOWN_RE = new RegExp(
  `${ZH_SIZE_OWNER}${ZH_DEGREE}(?:缩小|变小|减小|调小|小一点|小一些|小些|小点|更小)(?:一点|一些|些|点)?` +
    `|${NOT_LATIN_BEFORE}(?:smaller|more\\s+small|shrink|shrunk|scaled?\\s+down|(?:decrease|reduce)\\s+(?:the\\s+)?(?:font\\s+|text\\s+)?size)${NOT_LATIN_AFTER}`,
  FLAGS,
);

const ZH_ORIGINAL = '(?:住)?(?:原有|原来|原本|原始|之前|现有|原)?(?:的)?';
const EN_KEEP = `${NOT_LATIN_BEFORE}(?:keep|keeping|preserve|maintain)\\s+(?:the\\s+|its\\s+)?(?:original\\s+|same\\s+|existing\\s+|current\\s+)?`;
/** 保持…X(不变) / X不变 / keep the original X, for each aspect that is already the default. */
const KEEP_RES: ReadonlyArray<readonly [KeptAspect, RegExp]> = (
  [
    [
      'angle',
      '(?:倾斜角度|倾斜度|倾斜|旋转角度|角度|斜度|方向)',
      '(?:angle|tilt|slant|rotation|orientation)',
    ],
    ['color', '(?:字体颜色|文字颜色|颜色|色彩)', '(?:colou?rs?|text\\s+colou?r|font\\s+colou?r)'],
    ['size', '(?:字体大小|文字大小|字号|大小|尺寸)', '(?:size|font\\s+size|text\\s+size)'],
    ['style', '(?:字体|风格|样式|排版|位置|原样)', '(?:font|style|layout|position|look)'],
  ] as const
).map(([aspect, zh, en]) => [
  aspect,
  new RegExp(
    `保持${ZH_ORIGINAL}${zh}(?:不变)?|${zh}(?:保持)?不变|${EN_KEEP}${en}(?:\\s+(?:unchanged|the\\s+same|as\\s+is))?${NOT_LATIN_AFTER}`,
    FLAGS,
  ),
]);
const KEEP_ELSE_RE = new RegExp(
  `(?:其他|其余|其它)(?:部分|内容|地方)?(?:都)?(?:保持)?不变|${NOT_LATIN_BEFORE}(?:keep|leave)\\s+everything\\s+else(?:\\s+(?:unchanged|the\\s+same|as\\s+is))?${NOT_LATIN_AFTER}`,
  FLAGS,
);

const ALL_RE = new RegExp(
  `全部|全都|都|均|统一|一律|${NOT_LATIN_BEFORE}(?:all(?:\\s+of\\s+them)?|both(?:\\s+of\\s+them)?)${NOT_LATIN_AFTER}`,
  FLAGS,
);

/** Words that carry no meaning on their own here. Never add negations (不, 别, not, don't). */
const ZH_FILLERS = [
  '请', '麻烦', '帮我', '帮忙', '一下', '谢谢', '同时', '然后', '并且', '而且', '以及', '还有', '并', '且',
  '和', '与', '再', '也', '需要', '要', '它们', '它', '字体', '文字', '文本', '字号', '字', '的', '颜色',
  '字色', '设置', '设为', '设成', '改成', '改为', '变成', '变为', '换成', '调成', '变', '改', '为', '成',
  '使用', '采用', '用', '一点', '一些', '稍微', '略微',
]; // prettier-ignore
const EN_FILLERS = [
  'please', 'also', 'and', 'then', 'make', 'makes', 'it', 'its', 'them', 'the', 'text', 'font', 'words?',
  'letters', 'to', 'into', 'in', 'with', 'an?', 'bit', 'little', 'slightly', 'set', 'turn', 'paint',
  'change', 'colou?r(?:ed)?', 'size', 'thanks', 'thank\\s+you', 'but', 'while', 'plus', 'so', 'should', 'be',
]; // prettier-ignore
const FILLER_RE = new RegExp(
  `${[...ZH_FILLERS].sort((a, b) => b.length - a.length).join('|')}` +
    `|${NOT_LATIN_BEFORE}(?:${EN_FILLERS.join('|')})${NOT_LATIN_AFTER}`,
  FLAGS,
);
const SEPARATORS_RE = /[\s,，;；.。、!！?？:：~～&+]+/gu;

/** Runs `re` over `text`, calls `hit` per match, returns text with the matches blanked out. */
function consume(text: string, re: RegExp, hit: (m: RegExpExecArray) => void): string {
  return text.replace(re, (...args) => {
    hit(args as unknown as RegExpExecArray);
    return ' ';
  });
}

export function parseModifiers(text: string): ModifierParse {
  const modifiers: Modifiers = { keep: [], all: false };
  const conflicts: string[] = [];
  const colors: ColorSpec[] = [];
  const scales = new Set<number>();

  let rest = text;
  for (const [aspect, re] of KEEP_RES) {
    rest = consume(rest, re, () => {
      if (!modifiers.keep.includes(aspect)) modifiers.keep.push(aspect);
    });
  }
  rest = consume(rest, KEEP_ELSE_RE, () => {
    if (!modifiers.keep.includes('style')) modifiers.keep.push('style');
  });
  rest = consume(rest, COLOR_RE, (m) => {
    const color = parseColor(m[1]);
    if (color) colors.push(color);
  });
  rest = consume(rest, BOLD_RE, () => (modifiers.bold = true));
  rest = consume(rest, SCALE_UP_RE, () => scales.add(SCALE_UP));
  rest = consume(rest, SCALE_DOWN_RE, () => scales.add(SCALE_DOWN));
  rest = consume(rest, ALL_RE, () => (modifiers.all = true));
  rest = consume(rest, FILLER_RE, () => undefined);
  const residue = rest.replace(SEPARATORS_RE, ' ').trim();

  const distinct = colors.filter((c, i) => colors.findIndex((d) => sameColor(c, d)) === i);
  if (distinct.length > 1) {
    conflicts.push(`it asks for more than one colour (${distinct.map((c) => c.name).join(', ')})`);
  }
  if (distinct.length > 0) modifiers.color = distinct[0];
  if (scales.size > 1) conflicts.push('it asks for the text to be both bigger and smaller');
  if (scales.size > 0) modifiers.scale = [...scales][0];
  if (modifiers.color && modifiers.keep.includes('color')) {
    conflicts.push('it asks both to change the colour and to keep it');
  }
  if (modifiers.scale !== undefined && modifiers.keep.includes('size')) {
    conflicts.push('it asks both to change the size and to keep it');
  }
  return { modifiers, conflicts, residue };
}

export function sameColor(a: ColorSpec, b: ColorSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
