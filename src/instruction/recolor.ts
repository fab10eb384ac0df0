import type { RecolorStep } from '../types.js';
import { COLOR_PHRASE_SOURCE, parseColor } from './colors.js';
import { unsupported } from './help.js';
import { CLASSES, type Draft, OBJECTS_HINT } from './objects.js';
import { B, E, type Segment, spell, strip } from './segments.js';
import { parseTarget } from './targets.js';

/**
 * Recolour grammar (改): a target (targets.ts) and a solid colour (colors.ts).
 *
 *   zh: [把|将] T[的颜色|漆] 换成|改成|变成|改为|变为|染成|涂成|刷成|调成 C[色][的]
 *       把杯子换成蓝色 / 把车漆改成红色 / 把这里换成蓝色 (--mask)
 *   en: make|turn|paint|colour|dye T [to|in] C           make the cup blue / turn the car red
 *       change|set the colour of T to C / change T's colour to C / change T colour to C / recolour T to C
 *
 * The op keeps each pixel's own lightness, so 保持光影一致 / keep the lighting is the default: it is
 * accepted and ignored. Gradients are refused (recolouring an object takes one hue). The object must
 * be one Scalpel can find: a COCO class, the subject, text, a region or the --mask.
 */

const C = `(?<c>${COLOR_PHRASE_SOURCE})`;
const ZH_VERB =
  '(?:换成|改成|变成|改为|变为|换为|改去|换去|变去|染成|涂成|刷成|喷成|调成|弄成|搞成|整成|做成|换个|改个|弄个|改|换|变|染|涂)';
/** 的颜色 / 颜色 / 漆 (车漆 = the car's paint) name the colour of the target, not the target. */
const ZH_OWNED = '(?:的)?(?:颜色)?';

const FORMS: readonly RegExp[] = [
  new RegExp(
    `^(?:把|将)?(?<t>.+?)${ZH_OWNED}(?:也)?(?:全部|都)?${ZH_VERB}(?:为|成)?\\s*${C}(?:色)?(?:的)?$`,
    'iu',
  ),
  new RegExp(
    `^${B}(?:make|turn|paint|colou?r|recolou?r|dye)\\s+(?<t>.+?)\\s+(?:(?:to|in|into)\\s+)?(?:an?\\s+)?${C}(?:\\s+colou?r(?:ed)?)?$`,
    'iu',
  ),
  new RegExp(`^${B}(?:change|set|switch)\\s+the\\s+colou?r\\s+of\\s+(?<t>.+?)\\s+(?:to|into)\\s+${C}$`, 'iu'),
  new RegExp(`^${B}(?:change|set|switch)\\s+(?<t>.+?)(?:'s|’s)?\\s+colou?r\\s+(?:to|into)\\s+${C}$`, 'iu'),
  new RegExp(`^${B}(?:change|turn|recolou?r)\\s+(?<t>.+?)\\s+(?:to|into|in|as)\\s+${C}$`, 'iu'),
];

/** What recolouring does anyway: keep the shading, highlights and texture. */
const MODS = new RegExp(
  [
    '(?:同时|并)?(?:保持|保留|维持)(?:住)?(?:原有|原来|原本|原)?(?:的)?(?:光影|明暗|阴影|质感|纹理|材质|细节|光泽|高光)(?:和|与|、)?' +
      '(?:光影|明暗|阴影|质感|纹理|材质|细节|光泽|高光)?(?:效果)?(?:一致|不变|自然)?',
    '(?:光影|明暗|质感|纹理)(?:保持)?(?:一致|不变|自然)',
    `${B}(?:while\\s+|and\\s+)?(?:keep|keeping|preserve|preserving|maintain|maintaining)\\s+(?:the\\s+|its\\s+)?(?:original\\s+)?` +
      '(?:lighting|shading|shadows|highlights|texture|details?|light\\s+and\\s+shadow)' +
      `(?:\\s+(?:consistent|unchanged|intact|the\\s+same|as\\s+is))?${E}`,
    `${B}(?:naturally|realistically)${E}`,
  ].join('|'),
  'giu',
);

/** A colour name without a target is not a recolour; words a recolour must not swallow (背景: background.ts). */
const NOT_A_TARGET = /背景|background|backdrop|^(?:the\s+)?(?:text|font|文字|字体|字)$/iu;

/** Black and white is a tone (adjust.ts: mono), not a colour of 'it black and'. */
const MONO = /black\s*(?:and|&)\s*white|黑白/iu;

export function parseRecolor(seg: Segment, instruction: string): Draft | undefined {
  if (MONO.test(seg.text)) return undefined;
  const { rest } = strip(seg.text, MODS);
  const m = FORMS.map((re) => re.exec(rest)).find((x) => x?.groups);
  const words = m?.groups?.t?.trim();
  if (!m?.groups || !words || NOT_A_TARGET.test(words)) return undefined;
  const color = parseColor(m.groups.c);
  if (!color) return undefined;
  const phrase = spell(words, seg);
  if (color.kind === 'gradient') {
    throw unsupported(
      instruction,
      `Recolouring "${phrase}" takes one solid colour, not a gradient (${color.name}): try 蓝色 / blue / ` +
        '#3366ff. Gradients work for replaced text (字体颜色变为渐变金色) and backgrounds (背景换成渐变蓝色).',
      { intent: 'recolor', color: color.name },
    );
  }
  // 车漆 / 杯子的颜色: the paint or colour of a thing names the thing.
  const owner = words.replace(/(?:的)?(?:颜色|色|漆|涂装|外观)$/u, '');
  const found =
    parseTarget(words, seg, instruction, 'recolor') ??
    (owner === words ? undefined : parseTarget(owner, seg, instruction, 'recolor'));
  const target = found && { ...found, phrase };
  if (!target) {
    throw unsupported(
      instruction,
      `Scalpel cannot recolour "${phrase}": it is not something it can find. Recolouring works on ` +
        `${OBJECTS_HINT}, on the subject (主体 / 商品 / the product), or on the area of a --mask ` +
        '(把这里换成蓝色 / make this blue).',
      { intent: 'recolor', object: phrase, classes: [...CLASSES] },
    );
  }
  if (target.kind === 'text' && target.text === '') {
    throw unsupported(instruction, 'The text to recolour is empty: put it between the quotes.', {
      intent: 'recolor',
    });
  }
  const step: RecolorStep = { op: 'recolor', target, params: { color } };
  return {
    absorb: (next) => {
      const { rest: left, any } = strip(next.text, MODS);
      return any && left === '';
    },
    steps: () => [step],
  };
}
