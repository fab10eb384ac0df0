import { COLOR_PHRASE_SOURCE } from './colors.js';
import { B, E } from './segments.js';

/**
 * The replace-background grammar's words (background.ts). The consumed patterns are global; BG is a
 * source string (embedded in SCENE and used alone), SCENE are anchored whole-segment patterns.
 */

export const BG =
  '(?:(?:这张|这幅|该)?(?:图片?|照片|画面|图像)(?:中|里)?的)?(?:背景(?:色|颜色|图)?|底色|底图)' +
  `|${B}(?:the\\s+)?(?:background|backdrop|bg)(?:\\s+colou?r)?(?:\\s+(?:of|in)\\s+(?:the|this)\\s+(?:image|picture|photo|poster))?${E}`;
const C = `(?:${COLOR_PHRASE_SOURCE})`;
const FLAGS = 'giu';

export const SHADOW_ON = new RegExp(
  `(?:加上?|添加|带上?|有|保留|保持|增加)(?:个|一个|一点|点|些|一些)?(?:自然的?)?(?:阴影|投影|倒影)|${B}(?:(?:and\\s+)?(?:with|add|adding|plus|keep|keeping)|and)\\s+(?:an?\\s+|the\\s+)?(?:soft\\s+|natural\\s+|drop\\s+)*shadows?(?:\\s+under\\s+(?:it|the\\s+(?:product|subject|item)))?${E}|${B}drop\\s+shadow${E}`,
  FLAGS,
);
export const SHADOW_OFF = new RegExp(
  `(?:不要|不加|不带|无|没有|去掉)(?:阴影|投影)|${B}(?:without\\s+(?:an?\\s+)?|no\\s+)(?:drop\\s+)?shadows?${E}`,
  FLAGS,
);
export const KEEP_SUBJECT = new RegExp(
  `(?:保持|保留)?(?:主体|商品|产品|人物)(?:保持)?不变|${B}keep\\s+the\\s+(?:subject|product)(?:\\s+(?:unchanged|as\\s+is|intact))?${E}`,
  FLAGS,
);
export const GRADIENT_TWO: readonly RegExp[] = [
  new RegExp(`(?:从)?(${C})(?:色)?(?:到|至|->|→)(${C})(?:色)?(?:的)?渐变(?:色)?`, FLAGS),
  new RegExp(`渐变(?:色)?(?:从)?(${C})(?:色)?(?:到|至)(${C})(?:色)?`, FLAGS),
  new RegExp(`${B}(?:an?\\s+)?gradient\\s+from\\s+(${C})\\s+to\\s+(${C})${E}`, FLAGS),
  new RegExp(`${B}(?:an?\\s+)?(${C})[\\s-]+to[\\s-]+(${C})\\s+gradient${E}`, FLAGS),
  new RegExp(`${B}(${C})\\s+(?:fading|fades|going|blending|turning)\\s+(?:in)?to\\s+(${C})${E}`, FLAGS),
  // 蓝白渐变: two colours side by side.
  new RegExp(`(?:从)?(${C})(?:色)?(?:和|与|、|跟)?(${C})(?:色)?(?:的)?渐变(?:色)?`, FLAGS),
];
/** Words around a modifier said on its own (要有阴影, 左右方向, please keep a shadow). */
export const ASKING = new RegExp(
  `要|需要|请|也|再|并且|并|还要|的?方向|${B}(?:and|also|please|with|direction)${E}`,
  FLAGS,
);
/** An image the user sent along, named in words (我上传的这张, the beach photo I attached): the asset. */
export const UPLOADED = new RegExp(
  `上传的|附上的|附带的|附件|我发的|我发你的|发你的|发给你的|${B}(?:(?:i|we)\\s+(?:attached|uploaded|sent|provided)|attached|uploaded|this\\s+(?:[a-z]+\\s+)?(?:photo|picture|image|pic))${E}`,
  'iu',
);
export const HORIZONTAL = new RegExp(
  `横向|水平|左右|从左到右|${B}(?:horizontal(?:ly)?|left[\\s-]+to[\\s-]+right)${E}`,
  FLAGS,
);
export const VERTICAL = new RegExp(
  `纵向|竖向|竖直|垂直|上下|从上到下|${B}(?:vertical(?:ly)?|top[\\s-]+to[\\s-]+bottom)${E}`,
  FLAGS,
);
export const WHITE_BASE = new RegExp(`(?:纯)?(${C})底(?:图|色)?`, FLAGS);
export const COLOR = new RegExp(`(?:纯|${B}(?:pure|solid|plain)\\s+)?(${C})(?:色)?(?:的)?`, FLAGS);
export const SOLID = new RegExp(`纯色|单色|素色|${B}(?:solid(?:\\s+colou?r)?|plain|pure)${E}`, FLAGS);
/** No background at all: a cut-out with the matte as alpha (抠图 / transparent background). */
export const TRANSPARENT = new RegExp(
  `透明(?:的)?(?:背景|底(?:色)?)?|抠图|抠出(?:来)?|抠一下图|抠个图|抠张图|抠下图|${B}(?:transparent|cut[\\s-]?out|cut\\s+(?:the\\s+)?(?:product|subject|item|object)\\s+out|alpha)${E}`,
  FLAGS,
);
/** Adjectives of a transparent background, only beside the background's own word (the background see-through). */
export const SEE_THROUGH = new RegExp(`${B}see[\\s-]?through${E}|透明`, FLAGS);
/** No background at all, said as its absence (无背景, a cutout with no background). */
export const NO_BACKGROUND = new RegExp(
  `无背景|不要背景|${B}(?:(?:with\\s+)?no\\s+background|without\\s+(?:a\\s+|the\\s+|any\\s+)?background)${E}`,
  FLAGS,
);
/** What a cut-out keeps, when named (把商品抠出来 / cut out the product). */
export const CUT_SUBJECT = new RegExp(`主体|商品|产品|人物|人|${B}the\\s+(?:subject|product)${E}`, FLAGS);
export const BLUR = new RegExp(
  `虚化|模糊|景深|${B}(?:bokeh|blur(?:red|ry)?|out\\s+of\\s+focus|defocus(?:ed)?)${E}`,
  FLAGS,
);
export const LESS = new RegExp(
  `一点|一些|稍微|稍稍|轻微|略微|${B}(?:a\\s+bit|a\\s+little|slightly|subtly|lightly)${E}`,
  FLAGS,
);
export const MORE = new RegExp(
  `很|非常|强烈|大幅|重度|${B}(?:a\\s+lot|much|heavily|strongly|very|really)${E}`,
  FLAGS,
);
export const ASSET = new RegExp(
  '(?:我发的这张|我发的|我传的|发的这张|这张|这个|这幅|该|给定的?|上传的?|我的|附件(?:里)?的?|另一张|提供的)(?:图片?|图像|照片)' +
    `|${B}(?:(?:the|this|that|my|given|attached|uploaded|provided|other)\\s+(?:image|picture|photo|asset|file)(?:\\s+(?:i|we)\\s+(?:attached|uploaded|sent|provided))?|--asset)${E}`,
  FLAGS,
);
export const VERB = new RegExp(
  `替换成|替换为|替换掉|替换|换掉|换成|换为|改成|改为|变成|变为|设为|设置为|设置成|设成|搞成|弄成|整成|换个|改个|改用|换|改|变|${B}(?:replace|change|swap|switch|set)${E}`,
  FLAGS,
);
export const FILLERS = new RegExp(
  `把|将|给我|帮我|直接|主图|来个|和|与|跟|使用|采用|用|做成|弄成|做|作为|当作|当成|当|成|为|的|一个|个|一张|张|新|进行|处理|效果|要|格式|${B}(?:make|turn|use|put|with|to|into|as|the|an?|new|it|on|in|and|for|png|webp|format|file|output|export|please|colou?r|leave|keep)${E}`,
  FLAGS,
);
export const SCENE: readonly RegExp[] = [
  new RegExp(
    `^(?:把|将)?(?:${BG})\\s*(?:换成|改成|变成|换为|改为|替换成|替换为|设为|设置成)(?:一个|一片|个)?(?<scene>[^\\ue000]{1,16})$`,
    'iu',
  ),
  new RegExp(`^(?:换成|换个|换一个|改成|用)(?<scene>[^\\ue000]{1,16}?)(?:的)?(?:背景|场景)$`, 'u'),
  new RegExp(
    `^(?:replace|change|swap|switch|set)\\s+(?:${BG})\\s+(?:with|to|for|into)\\s+(?<scene>[^\\ue000]{1,40})$`,
    'iu',
  ),
];
