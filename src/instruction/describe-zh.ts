import { COCO_LABELS } from '../perception/labels.js';
import type {
  AddStep,
  AdjustPreset,
  Anchor,
  BackgroundFill,
  ColorSpec,
  EditStep,
  ObjectTarget,
  Pick,
  StickerName,
} from '../types.js';
import { chineseColorName } from './colors.js';

/** One step in Chinese words: the web app and `scalpel plan --lang zh` show the plan in the user's language. */
const PLACES: Record<Anchor, string> = {
  'top-left': '左上角',
  top: '上方',
  'top-right': '右上角',
  left: '左侧',
  center: '中间',
  right: '右侧',
  'bottom-left': '左下角',
  bottom: '下方',
  'bottom-right': '右下角',
};
const PRESETS: Record<AdjustPreset, string> = {
  airy: '通透',
  brighter: '提亮',
  darker: '压暗',
  warmer: '偏暖',
  cooler: '偏冷',
  nordic: '北欧风',
  vivid: '更鲜艳',
  muted: '低饱和',
  'more-contrast': '提高对比度',
  'less-contrast': '降低对比度',
  mono: '黑白',
};
const STICKER_NAMES: Record<StickerName, string> = {
  sakura: '樱花',
  star: '星星',
  balloon: '气球',
  snowflake: '雪花',
  heart: '爱心',
  sparkle: '闪光',
  confetti: '彩纸',
  ribbon: '蝴蝶结',
};

const hex = (rgb: readonly number[]) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const named = (name: string | undefined, rgb: readonly number[]) =>
  (name && chineseColorName(name)) ?? hex(rgb);
const colour = (c: ColorSpec | { rgb: readonly number[]; name?: string }) =>
  'kind' in c && c.kind === 'gradient'
    ? `渐变${(c.name && chineseColorName(c.name)) ?? '色'}`
    : named(c.name, c.rgb);
const object = (label: string) => COCO_LABELS[label]?.zh[0] ?? label;
const nth = (n: number) => (n === -1 ? '最后一处' : `第${n}处`);

function pick(p: Pick | undefined): string {
  if (!p) return '';
  return p.by === 'size' ? (p.order === 'largest' ? '最大的' : '最小的') : `${PLACES[p.anchor]}的`;
}

function target(t: ObjectTarget): string {
  switch (t.kind) {
    case 'object':
      return t.all ? `所有${object(t.label)}` : `${pick(t.pick)}${object(t.label)}`;
    case 'subject':
      return '主体';
    case 'background':
      return '背景';
    case 'text':
      return `${t.nth === undefined ? '' : nth(t.nth)}文字「${t.text}」`;
    case 'watermark':
      return t.anchor ? `${PLACES[t.anchor]}的水印` : '水印和说明文字';
    case 'region':
      return `图片${PLACES[t.anchor]}`;
    case 'mask':
      return '涂抹的区域';
  }
}

function fill(f: BackgroundFill): string {
  switch (f.kind) {
    case 'color':
      return named(f.name, f.rgb);
    case 'gradient':
      return `${(f.name && chineseColorName(f.name)) ?? ''}渐变`;
    case 'blur':
      return '虚化的原背景';
    case 'asset':
      return '上传的图片';
    case 'transparent':
      return '透明（抠图）';
  }
}

function content(p: AddStep['params']): string {
  const c = p.content;
  if (c.kind === 'asset') return '你上传的LOGO';
  if (c.kind === 'text') return `文字水印「${c.text}」`;
  return `${p.count > 1 ? `${p.count}个` : '一个'}${STICKER_NAMES[c.name]}贴纸`;
}

export function describeStepZh(step: EditStep): string {
  switch (step.op) {
    case 'replace-text': {
      const { text, color, bold, scale } = step.params;
      const mods = [
        color && `颜色${colour(color)}`,
        bold && '加粗',
        scale !== undefined && scale !== 1 && `${scale > 1 ? '放大' : '缩小'}到×${scale}`,
      ].filter(Boolean);
      const { role } = step.target;
      const which = step.target.nth === undefined ? '' : nth(step.target.nth);
      const old = role
        ? `图中的${role === 'price' ? '价格' : '标题'}`
        : `${which}文字「${step.target.text}」`;
      const what =
        text === step.target.text
          ? `保留${old}`
          : `把${old}改成「${text}」${role === 'price' ? '（沿用原价格的写法）' : ''}`;
      return `${what}${mods.length ? `，${mods.join('，')}` : ''}，其余保持原样式`;
    }
    case 'query': {
      const t = step.target;
      if ('object' in t && t.object) return `回答：图中有没有${object(t.object)}？`;
      if ('pattern' in t && t.pattern)
        return t.pattern === 'price' ? '回答：价格在哪里？' : '回答：图中有哪些文字？';
      return `回答：图中有没有文字「${t.text}」？`;
    }
    case 'remove':
      return `去掉${target(step.target)}，并补全后面的画面`;
    case 'recolor':
      return `把${target(step.target)}换成${colour(step.params.color)}，保留明暗`;
    case 'replace-background':
      return `背景换成${fill(step.params.fill)}${step.params.shadow ? '，加投影' : ''}`;
    case 'add': {
      const p = step.params;
      const extras = [
        `留白${Math.round(p.margin * 100)}%`,
        p.opacity < 1 && `不透明度${Math.round(p.opacity * 100)}%`,
      ];
      return `在${PLACES[step.target.anchor]}加${content(p)}（${extras.filter(Boolean).join('，')}）`;
    }
    case 'adjust':
      return `整体调色：${PRESETS[step.params.preset]}${step.params.strength === 1 ? '' : ` ×${step.params.strength}`}`;
    case 'edit': {
      const t = step.target;
      const on = t.kind === 'image' ? '整张图' : `${target(t)}${step.params.around ? '周围' : '上'}`;
      return `用生成式引擎在${on}画出新内容：「${step.params.prompt}」`;
    }
  }
}
