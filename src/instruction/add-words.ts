import type { StickerName } from '../types.js';
import { COLOR_PHRASE_SOURCE } from './colors.js';
import { B, E } from './segments.js';
import { EN_ANCHOR_SOURCE, ZH_ANCHOR_SOURCE } from './targets.js';

/**
 * The add grammar's words (add.ts): what can be added, how many, where, how big, how opaque.
 * Every pattern is global (consumed by add.ts); percentages arrive ASCII (NFKC folds ％).
 */

const FLAGS = 'giu';

/** add.ts renumbers the quote marks, the k-th one becomes U+E100 + k, so a match says which quote it took. */
export const QUOTE_BASE = 0xe100;
const Q = '[\\ue100-\\ue1ff]';

/** Sticker names, zh | en; zh 小 in front is part of the name (小星星), en plurals are matched. */
export const STICKER_WORDS: ReadonlyArray<readonly [StickerName, string, string]> = [
  ['sakura', '樱花花瓣|樱花瓣|樱花', 'sakuras?|cherry[\\s-]+blossoms?|cherry[\\s-]+flowers?'],
  ['star', '五角星|星星|星', 'stars?'],
  ['balloon', '气球', 'balloons?'],
  ['snowflake', '雪花', 'snow[\\s-]*flakes?'],
  ['heart', '爱心|心形|红心|心心|心', 'hearts?'],
  ['sparkle', '闪光|闪闪|亮片|闪烁', 'sparkles?|glitter|twinkles?'],
  ['confetti', '彩纸|彩带|纸屑|礼花', 'confetti'],
  ['ribbon', '蝴蝶结|丝带|缎带', 'ribbons?|bows?'],
];

export function stickerOf(word: string): StickerName | undefined {
  return STICKER_WORDS.find(([, zh, en]) => new RegExp(`^(?:${zh}|${en})$`, 'iu').test(word.trim()))?.[0];
}

/** A count before a sticker: 三 / 3 / 几 / 一些 / three / some / a few. `measure` words are zh only. */
const ZH_COUNT = '(?<zc>\\d{1,3}|[一两二三四五六七八九十]{1,3}|几|一些|一堆|好多|许多|很多|若干|多个|些|点)?';
const ZH_MEASURE = '(?:朵|颗|个|只|片|枚|张|串|条|束|簇)?';
const EN_COUNT =
  '(?:(?<ec>\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|an?|some|several|' +
  'a\\s+few|a\\s+couple\\s+of|lots\\s+of|many|a\\s+bunch\\s+of)\\s+)?';
const EN_ADJ = `(?:(?<adj>little|small|tiny|big|large)\\s+)?(?:(?<ecol>${COLOR_PHRASE_SOURCE})\\s+)??`;
const ZH_STICKERS = STICKER_WORDS.map(([, zh]) => zh).join('|');
const EN_STICKERS = STICKER_WORDS.map(([, , en]) => en).join('|');
export const STICKER_RES: readonly RegExp[] = [
  new RegExp(
    `${ZH_COUNT}${ZH_MEASURE}(?:(?<zcol>${COLOR_PHRASE_SOURCE})(?:色)?(?:的)?)??(?:小)?(?<zs>${ZH_STICKERS})(?:装饰物?|贴纸|图案|点缀)?`,
    FLAGS,
  ),
  // 加个 heart 贴纸: an English sticker name inside a Chinese sentence, named as a sticker.
  new RegExp(`${ZH_COUNT}${ZH_MEASURE}\\s*(?<zs>${EN_STICKERS})\\s*(?:贴纸|图案|装饰|图标)`, FLAGS),
  new RegExp(
    `${B}${EN_COUNT}${EN_ADJ}(?<es>${EN_STICKERS})(?:\\s+(?:stickers?|decorations?|icons?))?${E}`,
    FLAGS,
  ),
];

/** Vague quantities (几朵 / 一些 / some / several) → 5, a couple → 2; numbers → themselves. */
export const SOME = 5;
export const VAGUE: Readonly<Record<string, number>> = {
  几: SOME,
  一些: SOME,
  一堆: SOME,
  好多: SOME,
  许多: SOME,
  很多: SOME,
  若干: SOME,
  多个: SOME,
  些: SOME,
  点: SOME,
  some: SOME,
  several: SOME,
  'a few': SOME,
  'lots of': SOME,
  many: SOME,
  'a bunch of': SOME,
  'a couple of': 2,
};

/** Text watermarks: 水印'X' / 文字水印'X' / 'X'水印 / 文字'X' / the watermark "X" / the text "X" / "X". */
export const TEXT_RES: readonly RegExp[] = [
  new RegExp(`(?:文字|文本)?水印(?:文字|内容)?(?:为|是|写着?|:)?\\s*${Q}`, FLAGS),
  new RegExp(`${Q}\\s*(?:这几个字的|字样的?|的)?(?:文字)?水印`, FLAGS),
  new RegExp(`(?:文字|文本|字样|字)\\s*[:：]?\\s*${Q}|${Q}\\s*(?:这几个字|几个字|的?字样|的文字|字)`, FLAGS),
  new RegExp(
    `${B}(?:(?:an?|the)\\s+)?(?:text\\s+)?watermark\\s+(?:(?:saying|reading|that\\s+says|with\\s+the\\s+text|of)\\s+|:\\s*)?${Q}`,
    FLAGS,
  ),
  new RegExp(`${B}(?:(?:an?|the)\\s+)?${Q}\\s+(?:text\\s+)?watermark${E}`, FLAGS),
  // watermark it with my name 'Lena K.': the verb, what it marks, and the text.
  new RegExp(
    `${B}watermark\\s+(?:it|this|the\\s+(?:photo|image|picture))\\s+with\\s+(?:(?:my|our|the)\\s+(?:name|text|handle|brand)\\s+)?${Q}`,
    FLAGS,
  ),
  new RegExp(
    `${B}(?:(?:an?|the)\\s+)?(?:text|words?|caption|label|copy|slogan|tagline)\\s*[:：]?\\s*${Q}`,
    FLAGS,
  ),
  new RegExp(Q, FLAGS),
];
/** A watermark with nothing quoted: which text? (refused with a question). */
export const BARE_WATERMARK = new RegExp(
  `(?:文字|文本)?水印|${B}(?:(?:an?|the)\\s+)?(?:text\\s+)?watermark${E}`,
  FLAGS,
);
export const LOGO = new RegExp(
  '(?:(?<zn>\\d{1,2}|[两二三四五六七八九十几])(?:个|张|枚))?(?:(?:我|我们|我们公司|我们店|公司|品牌|店铺|我上传|上传|附上|附带|我发)的?\\s*)?(?:logo|标志|商标|标识|图标|水印图片?|图片水印)(?:图片?)?' +
    `|${B}(?:(?<en>two|three|four|five|\\d{1,2})\\s+)?(?:(?:an?|the|our|my|company|brand|attached|given|uploaded|provided)\\s+)*` +
    `(?:logos?|(?:given|attached|uploaded|provided)\\s+(?:image|picture|asset))${E}`,
  FLAGS,
);

const ZH_PLACE = '(?:在|到|于|放在|放到|放置在|置于|往)?(?:(?:这张|该)?(?:图片?|画面|海报|照片)(?:的)?)?';
export const ANCHOR_RES: readonly RegExp[] = [
  new RegExp(
    `${ZH_PLACE}(?<a>${ZH_ANCHOR_SOURCE})(?:边|侧)?(?:的)?(?:位置|处|角落|区域)?(?:位置|处)?`,
    FLAGS,
  ),
  new RegExp(
    `${B}(?:(?:at|in|on|to|into|near|onto)\\s+)?(?:the\\s+)?(?:very\\s+)?(?<a>${EN_ANCHOR_SOURCE})` +
      `(?:\\s+(?:corner|side|edge|part|area))?(?:\\s+(?:of|in)\\s+(?:the|this)\\s+(?:image|picture|photo|poster))?${E}`,
    FLAGS,
  ),
];

const PCT = '(\\d{1,3}(?:\\.\\d+)?)\\s*%';
export const MARGIN_RES: readonly RegExp[] = [
  new RegExp(
    `(?:留白|留边|边距|页边距|间距|距离?边缘?|离边缘?)\\s*(?:为|是|:|留|留出|留个|设为|设成|要|大概|约)*\\s*${PCT}`,
    FLAGS,
  ),
  new RegExp(`${PCT}\\s*(?:的)?(?:留白|留边|边距|间距)`, FLAGS),
  new RegExp(
    `${B}(?:(?:with|leaving|leave|keeping|keep)\\s+)?(?:an?\\s+)?${PCT}\\s+(?:(?:of\\s+)?(?:margins?|padding|inset|space|room))${E}`,
    FLAGS,
  ),
  new RegExp(`${B}(?:with\\s+)?(?:an?\\s+)?(?:margins?|padding|inset)\\s*(?:of|:|=)?\\s*${PCT}`, FLAGS),
];
/** [pattern, is it opacity (true) or transparency (false)]; 透明度 X% is transparency: opacity 1 − X. */
export const OPACITY_RES: ReadonlyArray<readonly [RegExp, boolean]> = [
  [new RegExp(`不透明度\\s*(?:为|是|:)?\\s*${PCT}`, FLAGS), true],
  [new RegExp(`透明度\\s*(?:为|是|:)?\\s*${PCT}`, FLAGS), false],
  [new RegExp(`${B}(?:at\\s+|with\\s+)?${PCT}\\s*opacity${E}`, FLAGS), true],
  [new RegExp(`${B}(?:at\\s+|with\\s+)?opacity\\s*(?:of|at|:|=)?\\s*${PCT}`, FLAGS), true],
  [new RegExp(`${B}(?:at\\s+)?${PCT}\\s*transparen(?:t|cy)${E}`, FLAGS), false],
];
export const HALF_TRANSPARENT = new RegExp(
  `半透明|${B}(?:semi[\\s-]*transparent|translucent|half[\\s-]+transparent)${E}`,
  FLAGS,
);
export const SIZE_RES: readonly RegExp[] = [
  new RegExp(`(?:大小|宽度|尺寸|宽)\\s*(?:为|是|占|:)?\\s*(?:图片?|画面)?(?:宽度)?(?:的)?\\s*${PCT}`, FLAGS),
  new RegExp(`(?:占|占据)(?:图片?|画面)?(?:宽度)?(?:的)?\\s*${PCT}(?:的)?(?:宽度?)?`, FLAGS),
  new RegExp(`${B}(?:at\\s+)?${PCT}\\s+(?:width|wide|size|scale)${E}`, FLAGS),
  new RegExp(
    `${B}(?:at\\s+)?${PCT}\\s+of\\s+the\\s+(?:image|picture|photo|poster)(?:'s)?\\s+(?:width|size)${E}`,
    FLAGS,
  ),
  new RegExp(`${B}(?:width|size|scale)\\s*(?:of|at|:|=)?\\s*${PCT}`, FLAGS),
];
export const LARGER = new RegExp(
  `大一点|大一些|大些|大点|放大|更大|大号|${B}(?:larger|bigger|large|big)${E}`,
  FLAGS,
);
export const SMALLER = new RegExp(
  `小一点|小一些|小些|小点|缩小|更小|小号|${B}(?:smaller|small|tiny)${E}`,
  FLAGS,
);
export const TEXT_COLOR = new RegExp(`(?:用)?(${COLOR_PHRASE_SOURCE})(?:色)?(?:的)?(?:字)?`, FLAGS);

export const VERB = new RegExp(
  '加上|添加|加个|加一个|加入|加|撒上|撒点|撒些|撒一些|撒|洒上|洒点|洒|放上|放个|放一个|放置|放在|放到|放|贴上|贴个|贴一个|贴|打上|打个|插入|叠加|盖上|盖个|点缀|写上|写个|写|印上|标上|标注' +
    `|${B}(?:add|adding|put|putting|place|placing|insert|overlay|stamp|apply|include|drop|sprinkle|scatter|stick|throw|slap|write|pop|chuck)${E}`,
  FLAGS,
);
/** Words that say where on the picture, but not which part: 图片上 / on the image. */
export const LOCATOR = new RegExp(
  `(?:在)?(?:这张|该)?(?:图片?|画面|海报|照片)(?:的|上|中|里)?|${B}(?:to|in|on|onto|into|of)\\s+(?:the|this)\\s+(?:image|picture|photo|poster)${E}`,
  FLAGS,
);
export const FILLERS = new RegExp(
  `(?:[一二两三四五六七八九十几\\d]+个|一行|一串)(?:字|文字)?|字样|网址|账号|店名|一个|个|的|上|给|再|也|还|在|和|与|以及|把|将|${B}(?:an?|the|with|and|at|in|on|to|of|it|our|my|website|site|url|handle|account)${E}`,
  FLAGS,
);
