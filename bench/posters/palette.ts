/** Colours of the posters: requested text colours with their wording, backgrounds and inks by polarity. */
import type { ColorSpec, Rgb } from '../../src/types.js';

/** A colour request: the GT value, and how the Chinese and English instructions say it. */
export interface ColorRequest {
  spec: ColorSpec;
  zh: string;
  en: string;
  /** Background polarity it reads well on. */
  on: 'light' | 'dark' | 'any';
}

/**
 * Ground-truth values for named colours and gradients. They mirror the project's colour lexicon
 * (src/instruction/colors.ts: poster-like values, metallic gold as three stops, other gradients as
 * lighter / base / darker), so PSNR measures rendering rather than a palette disagreement; hex
 * requests are exact by construction. Hard-coded on purpose: the ground truth must not move when the
 * parser does.
 */
export const NAMED_COLORS = {
  red: [230, 0, 18] as Rgb,
  gold: [212, 175, 55] as Rgb,
  blue: [0, 90, 200] as Rgb,
  white: [255, 255, 255] as Rgb,
};
export const GOLD_GRADIENT: Rgb[] = [
  [250, 227, 133],
  [212, 175, 55],
  [153, 114, 28],
];
export const RED_GRADIENT: Rgb[] = [
  [238, 77, 89],
  [230, 0, 18],
  [173, 0, 14],
];

export const COLOR_REQUESTS: readonly ColorRequest[] = [
  {
    spec: { kind: 'solid', rgb: NAMED_COLORS.red, name: '红色' },
    zh: '，字体颜色变红',
    en: ' in red',
    on: 'any',
  },
  {
    spec: { kind: 'solid', rgb: NAMED_COLORS.gold, name: '金色' },
    zh: '，颜色改成金色',
    en: ', make it gold',
    on: 'dark',
  },
  {
    spec: { kind: 'gradient', stops: GOLD_GRADIENT, name: '渐变金色' },
    zh: '，改成渐变金色',
    en: ' with a gold gradient',
    on: 'dark',
  },
  {
    spec: { kind: 'gradient', stops: RED_GRADIENT, name: '红色渐变' },
    zh: '，改成红色渐变',
    en: ' with a red gradient',
    on: 'light',
  },
  {
    spec: { kind: 'solid', rgb: [30, 144, 255], name: '#1e90ff' },
    zh: '，颜色用#1e90ff',
    en: ' in #1e90ff',
    on: 'any',
  },
  {
    spec: { kind: 'solid', rgb: NAMED_COLORS.blue, name: '蓝色' },
    zh: '，字体改成蓝色',
    en: ' in blue',
    on: 'light',
  },
  {
    spec: { kind: 'solid', rgb: NAMED_COLORS.white, name: '白色' },
    zh: '，文字变白色',
    en: ' in white',
    on: 'dark',
  },
];

export const LIGHT_BGS: Rgb[] = [
  [250, 246, 238],
  [255, 240, 200],
  [230, 244, 255],
  [255, 228, 225],
  [236, 250, 236],
];
export const DARK_BGS: Rgb[] = [
  [20, 24, 40],
  [120, 10, 20],
  [10, 60, 50],
  [40, 10, 70],
  [30, 30, 30],
];
export const DARK_INKS: Rgb[] = [
  [20, 20, 20],
  [200, 16, 46],
  [10, 40, 110],
  [110, 20, 90],
];
export const LIGHT_INKS: Rgb[] = [
  [255, 255, 255],
  [255, 215, 0],
  [255, 240, 180],
  [150, 230, 255],
];
