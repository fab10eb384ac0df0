import { objectLabel } from '../perception/labels.js';
import type { Anchor, ObjectTarget, Pick } from '../types.js';
import { unsupported } from './help.js';
import { QUOTE_MARK as Q } from './quotes.js';
import { type Segment, spell } from './segments.js';

/**
 * Target phrases → ObjectTarget: what a remove or recolour step acts on. The words are those left
 * once the op's grammar took its verb (去掉|这个人|, remove |the person on the left|):
 *
 *   这个 / 这里 / it / this                  → mask (the user's --mask says where)
 *   文字'X' / 第二个'X' / the text "X"       → text, found by OCR
 *   右下角 / 左边 / the top-left corner      → region
 *   主体 / 商品 / the product                → subject
 *   水印 / logo / 文字 / the watermark       → watermark; 右下角的水印 → watermark with an anchor
 *   人 / 路人 / 车 / the passer-by           → a COCO object, through the lexicon
 *   左边的人 / 最左边的车 / the person on the left / the leftmost car → object, pick by position
 *   最大的车 / the biggest car              → object, pick by size
 *
 * 这个 / 那个 / the / this / 图中的 / in the photo frame the noun and carry no meaning.
 */

const ZH_ANCHORS: ReadonlyArray<readonly [Anchor, string]> = [
  ['top-left', '左上角|左上方|左上部|左上'],
  ['top-right', '右上角|右上方|右上部|右上'],
  ['bottom-left', '左下角|左下方|左下部|左下'],
  ['bottom-right', '右下角|右下方|右下部|右下'],
  ['top', '最上面|最上方|最上边|顶部|顶端|上方|上面|上边|上部|顶上'],
  ['bottom', '最下面|最下方|最下边|底部|底端|下方|下面|下边|下部|底下'],
  ['center', '正中间|正中央|正中|中间|中央|中心|居中'],
  ['left', '最左边|最左侧|最左面|最左|左边|左侧|左面|左方|左部'],
  ['right', '最右边|最右侧|最右面|最右|右边|右侧|右面|右方|右部'],
];
const EN_ANCHORS: ReadonlyArray<readonly [Anchor, string]> = [
  ['top-left', 'top[\\s-]*left|upper[\\s-]*left'],
  ['top-right', 'top[\\s-]*right|upper[\\s-]*right'],
  ['bottom-left', 'bottom[\\s-]*left|lower[\\s-]*left'],
  ['bottom-right', 'bottom[\\s-]*right|lower[\\s-]*right'],
  ['top', 'top|upper|topmost'],
  ['bottom', 'bottom|lower|bottommost'],
  ['center', 'middle|center|centre|central'],
  ['left', 'far[\\s-]+left|left[\\s-]*hand|left[\\s-]*most|left'],
  ['right', 'far[\\s-]+right|right[\\s-]*hand|right[\\s-]*most|right'],
];

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

const PICTURE = '(?:图片?|画面|海报|照片|图像|相片)';
/** Where a region sits: 图片的右下角 / the bottom right corner of the image. */
export const REGION_SOURCE =
  `(?:${PICTURE}(?:的)?)?(?<anchor>${ANCHOR_SOURCE})(?:边|侧)?(?:的?(?:区域|部分|位置|那块|这块|角落|地方|一角|处))?` +
  '(?:\\s+(?:corner|side|edge|part|area|region|half|portion))?' +
  '(?:\\s+(?:of|in)\\s+(?:the|this)\\s+(?:image|picture|photo|poster|frame))?';
const REGION = new RegExp(`^(?:the\\s+)?${REGION_SOURCE}$`, 'iu');

const ZH_LOCATOR = new RegExp(`^${PICTURE}(?:中|里面|里|上|内)?的?`, 'u');
const EN_LOCATOR = /\s+(?:in|from|on|of)\s+(?:the|this)\s+(?:image|picture|photo|poster|pic|shot|frame)$/iu;
const ARTICLE =
  /^(?:(?:这|那)(?:个|只|辆|位|件|条|张|块|把|台|部|盆|棵)?|一(?:个|只|辆|位|件|条|张|块)|(?:the|this|that|a|an|my|our)\s+)/iu;
const MASK =
  /^(?:这个|这里|这儿|这块|这部分|这一块|这一部分|这个区域|这片区域|这个地方|这片|此处|这|它|选中的?(?:区域|部分)|蒙版(?:区域)?|遮罩(?:区域)?|this|it|here|(?:this|the\s+selected|the\s+masked)\s+(?:area|part|region|spot|bit)|the\s+selection|the\s+mask)$/iu;
const SUBJECT =
  /^(?:主体|商品|产品|主产品|主要物体|主角|宝贝|(?:main\s+)?(?:subject|product|object)|foreground|item)$/iu;
const WATERMARK =
  /^(?:水印|水印文字|文字水印|水印logo|logo水印|logo|标志|标识|商标|台标|文字|文本|字样|字|签名|印章|watermarks?|logos?|texts?|captions?|signature|stamp|lettering|words|writing)$/iu;

const ZH_NTH = '(?:第(?<nth>[一二两三四五六七八九十]|\\d{1,2})(?:个|处|行|条)?|(?<last>最后一个|最后一处))?';
const EN_NTH = '(?:(?<ennth>first|second|third|fourth|fifth|last|\\d{1,2}(?:st|nd|rd|th))\\s+)?';
const TEXT_FORMS = [
  new RegExp(
    `^${ZH_NTH}(?:文字|文本|字样|字)?${Q}(?:这几个字|这个词|这段文字|这句话|这行字|几个字|字样|的文字|这些字)?$`,
    'u',
  ),
  new RegExp(
    `^(?:the\\s+)?${EN_NTH}(?:(?:text|word|words|phrase|label|caption|string)\\s*)?${Q}(?:\\s+(?:text|label|caption))?$`,
    'iu',
  ),
];
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: -1 };
const ZH_ORDINALS = '一二三四五六七八九十';

function nthOf(g: Record<string, string | undefined>): number | undefined {
  if (g.last) return -1;
  if (g.nth) return /\d/.test(g.nth) ? Number(g.nth) : g.nth === '两' ? 2 : ZH_ORDINALS.indexOf(g.nth) + 1;
  if (g.ennth) return ORDINALS[g.ennth.toLowerCase()] ?? parseInt(g.ennth, 10);
  return undefined;
}

const PICKS: ReadonlyArray<RegExp> = [
  new RegExp(`^(?<pos>${ZH_ANCHOR_SOURCE})(?:边|侧)?(?:的|那个|那只|那辆|那位|那件|那)?(?<noun>.+)$`, 'u'),
  new RegExp(`^最(?<size>大|小)(?:的那个|的那只|的那辆|的|那个|那只|那辆)?(?<noun>.+)$`, 'u'),
  new RegExp(`^(?:the\\s+)?(?:very\\s+)?(?<pos>${EN_ANCHOR_SOURCE})\\s+(?<noun>.+)$`, 'iu'),
  new RegExp(
    `^(?<noun>.+?)\\s+(?:on|at|in|to|near)\\s+(?:the\\s+)?(?:very\\s+)?(?<pos>${EN_ANCHOR_SOURCE})` +
      '(?:\\s+(?:corner|side|edge|hand\\s+side))?$',
    'iu',
  ),
  /^(?:the\s+)?(?<size>biggest|largest|smallest|tiniest)\s+(?:one\s+of\s+the\s+)?(?<noun>.+)$/iu,
];

type Noun = { kind: 'object'; label: string } | { kind: 'subject' } | { kind: 'watermark' };

const MEASURE = /^(?:一|几)?(?:只|个|辆|条|头|匹|位|张|把|台|部|架|艘|本|件|棵|盆|块)/u;

function noun(words: string): Noun | undefined {
  let w = words.trim();
  for (let prev = ''; prev !== w;) [prev, w] = [w, w.replace(ARTICLE, '').trim()];
  if (SUBJECT.test(w)) return { kind: 'subject' };
  if (WATERMARK.test(w)) return { kind: 'watermark' };
  const label = objectLabel(w) ?? objectLabel(w.replace(MEASURE, ''));
  return label ? { kind: 'object', label } : undefined;
}

/** 所有的人 / 全部水印 / all the people / every car: one step acts on one thing (or one --mask). */
const SEVERAL = /^(?:所有的?|全部的?|每个|每一个|一切|(?:all|every|each)(?![A-Za-z]))/iu;

/** Throws when the words name several things at once; an op then cannot say which one it touched. */
export function checkOne(words: string, seg: Segment, instruction: string, intent: string): void {
  if (!SEVERAL.test(words.trim())) return;
  throw unsupported(
    instruction,
    `"${spell(words.trim(), seg)}" names several things; each step acts on one: name it (左边的人 / the person ` +
      'on the left / 最大的车), or mark the area with --mask (这个 / this).',
    { intent },
  );
}

/** The target the words name, or undefined when they name nothing Scalpel can find. */
export function parseTarget(words: string, seg: Segment): ObjectTarget | undefined {
  const phrase = spell(words.trim(), seg);
  const t = words.trim().replace(ZH_LOCATOR, '').replace(EN_LOCATOR, '').trim();
  if (t === '') return undefined;
  if (MASK.test(t)) return { kind: 'mask', phrase };
  const marks = [...t].filter((c) => c === Q).length;
  if (marks > 0) {
    const m =
      marks === 1 && seg.quotes.length === 1 ? TEXT_FORMS.map((re) => re.exec(t)).find(Boolean) : null;
    if (!m) return undefined;
    const nth = nthOf(m.groups ?? {});
    const text = seg.quotes[0].text;
    return nth === undefined ? { kind: 'text', text, phrase } : { kind: 'text', text, phrase, nth };
  }
  const region = REGION.exec(t);
  if (region?.groups) {
    const anchor = anchorOf(region.groups.anchor);
    if (anchor) return { kind: 'region', anchor, phrase };
  }
  for (const re of PICKS) {
    const g = re.exec(t)?.groups;
    const n = g && noun(g.noun);
    if (!g || !n || n.kind === 'subject') continue;
    const anchor = g.pos ? anchorOf(g.pos) : undefined;
    if (n.kind === 'watermark')
      return anchor ? { kind: 'watermark', phrase, anchor } : { kind: 'watermark', phrase };
    let pick: Pick | undefined;
    if (anchor) pick = { by: 'position', anchor };
    else if (g.size) pick = { by: 'size', order: /大|big|large/iu.test(g.size) ? 'largest' : 'smallest' };
    if (pick) return { kind: 'object', label: n.label, phrase, pick };
  }
  const n = noun(t);
  if (!n) return undefined;
  return n.kind === 'object' ? { kind: 'object', label: n.label, phrase } : { kind: n.kind, phrase };
}
