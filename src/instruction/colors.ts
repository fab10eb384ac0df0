import type { ColorSpec, Rgb } from '../types.js';

/**
 * Colour lexicon: the words people use for text colour on posters, in Chinese and English.
 * Values are poster/print-like rather than CSS (CSS "red" is #ff0000; a poster 红 is a slightly
 * deeper, less fluorescent red), because the result must look at home next to printed design.
 */

interface NamedColor {
  /** Canonical English name: goes into ColorSpec.name and logs. */
  name: string;
  rgb: Rgb;
  /** Chinese words are listed without the trailing 色 (红 covers 红色; see lookupSolid). */
  aliases: string[];
}

const LEXICON: readonly NamedColor[] = [
  { name: 'red', rgb: [230, 0, 18], aliases: ['红', '大红', '正红', '鲜红', 'red'] },
  {
    name: 'dark red',
    rgb: [139, 0, 0],
    aliases: ['深红', '暗红', '酒红', '枣红', 'dark red', 'maroon', 'burgundy', 'wine red', 'wine'],
  },
  { name: 'crimson', rgb: [220, 20, 60], aliases: ['绯红', 'crimson'] },
  { name: 'rose', rgb: [227, 0, 127], aliases: ['玫红', '玫瑰红', 'rose'] },
  { name: 'orange', rgb: [255, 120, 0], aliases: ['橙', '橘', '橘黄', '橙黄', 'orange'] },
  { name: 'yellow', rgb: [255, 221, 0], aliases: ['黄', '明黄', '柠檬黄', 'yellow'] },
  { name: 'gold', rgb: [212, 175, 55], aliases: ['金', '金黄', '土豪金', 'gold', 'golden'] },
  { name: 'green', rgb: [0, 153, 68], aliases: ['绿', 'green'] },
  { name: 'dark green', rgb: [0, 100, 0], aliases: ['深绿', '墨绿', 'dark green'] },
  { name: 'light green', rgb: [144, 238, 144], aliases: ['浅绿', '淡绿', 'light green'] },
  { name: 'blue', rgb: [0, 90, 200], aliases: ['蓝', 'blue'] },
  {
    name: 'navy',
    rgb: [0, 32, 96],
    aliases: ['深蓝', '藏青', '藏蓝', '海军蓝', 'navy', 'navy blue', 'dark blue'],
  },
  { name: 'sky blue', rgb: [135, 206, 235], aliases: ['天蓝', 'sky blue'] },
  { name: 'light blue', rgb: [173, 216, 230], aliases: ['浅蓝', '淡蓝', 'light blue'] },
  { name: 'cyan', rgb: [0, 174, 239], aliases: ['青', '湖蓝', 'cyan'] },
  { name: 'purple', rgb: [128, 0, 128], aliases: ['紫', '紫罗兰', 'purple', 'violet'] },
  { name: 'pink', rgb: [255, 105, 180], aliases: ['粉', '粉红', '桃红', 'pink'] },
  { name: 'magenta', rgb: [255, 0, 255], aliases: ['品红', '洋红', 'magenta'] },
  { name: 'black', rgb: [0, 0, 0], aliases: ['黑', '纯黑', 'black'] },
  { name: 'white', rgb: [255, 255, 255], aliases: ['白', '纯白', 'white'] },
  { name: 'gray', rgb: [128, 128, 128], aliases: ['灰', 'gray', 'grey'] },
  { name: 'dark gray', rgb: [64, 64, 64], aliases: ['深灰', 'dark gray', 'dark grey'] },
  { name: 'light gray', rgb: [200, 200, 200], aliases: ['浅灰', 'light gray', 'light grey'] },
  { name: 'silver', rgb: [192, 192, 192], aliases: ['银', 'silver'] },
  { name: 'brown', rgb: [139, 69, 19], aliases: ['棕', '褐', '咖啡', 'brown'] },
  // Shop colour names (mugs, sofas, phone cases): each names one colour, not a material.
  { name: 'mint', rgb: [62, 180, 137], aliases: ['薄荷绿', '薄荷色', 'mint', 'mint green'] },
  { name: 'teal', rgb: [0, 128, 128], aliases: ['墨青', '青绿', '孔雀绿', 'teal'] },
  { name: 'tiffany blue', rgb: [10, 186, 181], aliases: ['蒂芙尼蓝', 'tiffany blue'] },
  { name: 'klein blue', rgb: [0, 47, 167], aliases: ['克莱因蓝', 'klein blue'] },
  { name: 'olive', rgb: [128, 128, 0], aliases: ['橄榄绿', 'olive green'] },
  { name: 'army green', rgb: [75, 83, 32], aliases: ['军绿', '军绿色', 'army green'] },
  { name: 'beige', rgb: [232, 220, 196], aliases: ['米色', '米白', '米黄', 'beige'] },
  { name: 'khaki', rgb: [195, 176, 145], aliases: ['卡其', '卡其色', 'khaki'] },
  { name: 'lavender', rgb: [181, 126, 220], aliases: ['薰衣草紫', '香芋紫', '淡紫', 'lavender', 'lilac'] },
  { name: 'coral', rgb: [255, 127, 80], aliases: ['珊瑚色', '珊瑚红', '珊瑚橙', 'coral'] },
  { name: 'champagne', rgb: [247, 231, 206], aliases: ['香槟色', '香槟金', 'champagne'] },
  { name: 'caramel', rgb: [175, 111, 51], aliases: ['焦糖色', 'caramel'] },
];

/** Metallic gradients read as "gold"/"silver" only with a bright highlight and a deep shade. */
const METALLIC: Record<string, Rgb[]> = {
  gold: [
    [250, 227, 133],
    [212, 175, 55],
    [153, 114, 28],
  ],
  silver: [
    [245, 245, 245],
    [192, 192, 192],
    [120, 120, 128],
  ],
};

const BY_ALIAS = new Map<string, NamedColor>(
  LEXICON.flatMap((c) => c.aliases.map((a) => [a, c] as [string, NamedColor])),
);

/** The Chinese word for a canonical colour name (red → 红色), for describing a plan in Chinese. */
export function chineseColorName(name: string): string | undefined {
  const zh = LEXICON.find((c) => c.name === name)?.aliases.find((a) => /\p{Script=Han}/u.test(a));
  return zh === undefined ? undefined : zh.endsWith('色') ? zh : `${zh}色`;
}

/** Every colour name and alias, both languages (the spelling reader's English vocabulary). */
export const COLOR_NAMES: readonly string[] = [...BY_ALIAS.keys()];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Longest first, so 深红 wins over 红 and "navy blue" over "navy" at the same position. */
const NAMES_SOURCE = [...BY_ALIAS.keys()]
  .sort((a, b) => b.length - a.length)
  .map((a) => escape(a).replace(/ /g, '\\s+'))
  .join('|');

const HEX_SOURCE = '#(?:[0-9a-f]{6}|[0-9a-f]{3})(?![0-9a-z])';
const RGB_SOURCE = 'rgb\\s*\\(\\s*\\d{1,3}\\s*[,\\s]\\s*\\d{1,3}\\s*[,\\s]\\s*\\d{1,3}\\s*\\)';
const BASE = `(?:${NAMES_SOURCE})`;
const GRADIENT_SOURCE = [
  `渐变(?:的)?${BASE}(?:色)?`,
  `${BASE}(?:色)?(?:的)?渐变(?:色)?`,
  `${BASE}\\s+gradient`,
  `gradient\\s+(?:of\\s+)?${BASE}`,
].join('|');

/**
 * Regex source (use with the `i` flag) matching any phrase parseColor understands; the modifier
 * grammar embeds it so that "what counts as a colour" is defined once, here.
 */
export const COLOR_PHRASE_SOURCE = `(?:${GRADIENT_SOURCE}|${HEX_SOURCE}|${RGB_SOURCE}|${BASE})`;

function toHex(rgb: Rgb): string {
  return `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as Rgb;
}

function lookupSolid(word: string): NamedColor | undefined {
  // 红色 / 红色的 / "red colour": the suffixes carry no meaning of their own.
  const bare = word
    .replace(/(?:色)?(?:的)?$/u, '')
    .replace(/\s+colou?r$/, '')
    .trim();
  return BY_ALIAS.get(bare) ?? BY_ALIAS.get(word);
}

function gradientOf(base: NamedColor): ColorSpec {
  const stops = METALLIC[base.name] ?? [
    mix(base.rgb, [255, 255, 255], 0.3),
    base.rgb,
    mix(base.rgb, [0, 0, 0], 0.25),
  ];
  return { kind: 'gradient', stops: stops.map((s) => [...s] as Rgb), name: `${base.name} gradient` };
}

const GRADIENT_FORMS = [
  /^渐变(?:的)?(.+)$/u,
  /^(.+?)(?:的)?渐变(?:色)?$/u,
  /^(.+?)\s*gradient$/,
  /^gradient\s+(?:of\s+)?(.+)$/,
];

/**
 * Colour phrase → ColorSpec: named colours (zh/en), #RGB, #RRGGBB, rgb(r,g,b), and gradients
 * (渐变金色, 金色渐变, gold gradient). Returns undefined for anything else, including 渐变 alone.
 */
export function parseColor(phrase: string): ColorSpec | undefined {
  const p = phrase.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  if (p === '') return undefined;

  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(p);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    const rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
    return { kind: 'solid', rgb, name: toHex(rgb) };
  }

  const fn = /^rgb\s*\(\s*(\d{1,3})\s*[,\s]\s*(\d{1,3})\s*[,\s]\s*(\d{1,3})\s*\)$/.exec(p);
  if (fn) {
    const rgb = [fn[1], fn[2], fn[3]].map(Number) as Rgb;
    if (rgb.some((v) => v > 255)) return undefined;
    return { kind: 'solid', rgb, name: toHex(rgb) };
  }

  for (const form of GRADIENT_FORMS) {
    const m = form.exec(p);
    if (!m) continue;
    const base = lookupSolid(m[1].trim());
    return base ? gradientOf(base) : undefined;
  }

  const named = lookupSolid(p);
  return named ? { kind: 'solid', rgb: [...named.rgb] as Rgb, name: named.name } : undefined;
}
