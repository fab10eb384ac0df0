import { COLOR_PHRASE_SOURCE } from './colors.js';

/**
 * What kind of edit a sentence asks for, when no grammar could read it in full. Used only to word
 * the refusal: "understood as a removal, but could not read X" tells the user more than "could not
 * understand". Requests for new content (materials, outfits, people, things drawn into the scene)
 * are recognised here too: those need a generative engine, whatever the wording.
 */
export interface PlannedIntent {
  op: 'remove' | 'recolor' | 'replace-background' | 'add' | 'adjust' | 'generative';
  label: string;
}

const COLOUR = new RegExp(COLOR_PHRASE_SOURCE, 'iu');

export const GENERATIVE: PlannedIntent = {
  op: 'generative',
  label: 'Changing materials, outfits or people, or drawing new content into the scene',
};

const INTENTS: readonly (PlannedIntent & { re: RegExp })[] = [
  { op: 'replace-background', label: 'Replacing the background', re: /背景|background|backdrop/iu },
  {
    op: 'remove',
    label: 'Removing objects, people or watermarks',
    re: /去掉|去除|删除|删掉|移除|抹掉|擦掉|消除|\b(remove|erase|delete)\b|get rid of/iu,
  },
  {
    op: 'add',
    label: 'Adding a logo, watermark or sticker',
    re: /加上|添加|加个|加一个|插入|加入|水印|logo|\b(add|insert|overlay|watermark|sticker)\b/iu,
  },
  {
    op: 'adjust',
    label: 'Tone and colour grading',
    re: /通透|明亮|亮一点|暗一点|暖一点|冷一点|暖色调|冷色调|北欧|饱和|对比度|\b(brighter|darker|warmer|cooler|contrast|saturation|vivid|airy)\b/iu,
  },
];

const RECOLOR = /换成|改成|变成|改为|变为|染成|涂成|\b(make|turn|paint|change|recolou?r)\b/iu;

/** The kind of edit an unquoted sentence asks for, if it is one we recognise. */
export function plannedIntent(text: string): PlannedIntent | undefined {
  for (const { op, label, re } of INTENTS) if (re.test(text)) return { op, label };
  // 把杯子换成蓝色 / make the cup blue: a change verb and a colour, with nothing quoted.
  if (RECOLOR.test(text) && COLOUR.test(text)) return { op: 'recolor', label: 'Recolouring objects' };
  return undefined;
}
