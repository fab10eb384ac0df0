import { describe, expect, it } from 'vitest';
import type { AddStep, Anchor, OverlayContent } from '../types.js';
import { parseInstruction } from './parse.js';
import { errorOf } from '../../test/refusal.js';

/** An add step with the documented defaults for its content, overridden by `params`. */
function add(
  content: OverlayContent,
  anchor: Anchor | [Anchor, string],
  params: Partial<AddStep['params']> = {},
): AddStep {
  const defaults = {
    asset: { scale: 0.2, opacity: 1 },
    text: { scale: 0.3, opacity: 0.6 },
    sticker: { scale: 0.12, opacity: 1 },
  }[content.kind];
  const [where, phrase] = typeof anchor === 'string' ? [anchor, ''] : anchor;
  return {
    op: 'add',
    target: { kind: 'region', anchor: where, phrase },
    params: { content, margin: 0.05, count: 1, ...defaults, ...params },
  };
}
const LOGO: OverlayContent = { kind: 'asset' };
const text = (t: string): OverlayContent => ({ kind: 'text', text: t });
const sakura: OverlayContent = { kind: 'sticker', name: 'sakura' };
const star: OverlayContent = { kind: 'sticker', name: 'star' };

describe('add', () => {
  it.each<[string, AddStep]>([
    ['右下角加上LOGO，留白10%', add(LOGO, ['bottom-right', '右下角'], { margin: 0.1 })],
    ['这张图加个LOGO右下角留白10%', add(LOGO, ['bottom-right', '右下角'], { margin: 0.1 })],
    ['在左上角添加logo', add(LOGO, ['top-left', '左上角'])],
    ['加上LOGO', add(LOGO, 'bottom-right')],
    ['加个LOGO，放在右下角', add(LOGO, ['bottom-right', '右下角'])],
    ['右下角加LOGO，大一点', add(LOGO, ['bottom-right', '右下角'], { scale: 0.3 })],
    ['右下角加LOGO，小一点', add(LOGO, ['bottom-right', '右下角'], { scale: 0.12 })],
    ['加LOGO，宽度20%', add(LOGO, 'bottom-right', { scale: 0.2 })],
    ["加个文字水印'仅供参考'", add(text('仅供参考'), 'bottom-right')],
    ['加上水印"样品"', add(text('样品'), 'bottom-right')],
    ["加上'样品'水印", add(text('样品'), 'bottom-right')],
    ["加上水印'样品'，透明度50%", add(text('样品'), 'bottom-right', { opacity: 0.5 })],
    ["加上水印'样品'，透明度30%", add(text('样品'), 'bottom-right', { opacity: 0.7 })],
    ["加上水印'样品'，不透明度30%", add(text('样品'), 'bottom-right', { opacity: 0.3 })],
    ["加上水印'样品'，半透明", add(text('样品'), 'bottom-right', { opacity: 0.5 })],
    ["加个白色水印'样品'", add({ kind: 'text', text: '样品', color: [255, 255, 255] }, 'bottom-right')],
    ["左上角加水印'样品'，留白5%", add(text('样品'), ['top-left', '左上角'], { margin: 0.05 })],
    ['左上角加几朵樱花', add(sakura, ['top-left', '左上角'], { count: 5 })],
    ['加几朵樱花', add(sakura, 'top-left', { count: 5 })],
    ['插入樱花装饰', add(sakura, 'top-left')],
    ['加一些星星', add(star, 'top-left', { count: 5 })],
    ['加三颗星星', add(star, 'top-left', { count: 3 })],
    ['右上角加3颗星星', add(star, ['top-right', '右上角'], { count: 3 })],
    ['加十二个爱心', add({ kind: 'sticker', name: 'heart' }, 'top-left', { count: 12 })],
    ['加个红心', add({ kind: 'sticker', name: 'heart' }, 'top-left')],
    ['加个气球', add({ kind: 'sticker', name: 'balloon' }, 'top-left')],
    ['加点雪花', add({ kind: 'sticker', name: 'snowflake' }, 'top-left', { count: 5 })],
    ['加些闪光', add({ kind: 'sticker', name: 'sparkle' }, 'top-left', { count: 5 })],
    ['加一些彩带', add({ kind: 'sticker', name: 'confetti' }, 'top-left', { count: 5 })],
    ['加个蝴蝶结', add({ kind: 'sticker', name: 'ribbon' }, 'top-left')],
    ['加几朵樱花，大一点', add(sakura, 'top-left', { count: 5, scale: 0.18 })],
    ['add a logo at the bottom right with 5% margin', add(LOGO, ['bottom-right', 'bottom right'])],
    ['右下角加上logo，边距留10%', add(LOGO, ['bottom-right', '右下角'], { margin: 0.1 })],
    ['右下角加上logo，留白百分之十', add(LOGO, ['bottom-right', '右下角'], { margin: 0.1 })],
    [
      'add the logo in the bottom right, leaving 8% margin',
      add(LOGO, ['bottom-right', 'bottom right'], { margin: 0.08 }),
    ],
    ['add the logo to the top left corner, 8% margin', add(LOGO, ['top-left', 'top left'], { margin: 0.08 })],
    ['put the logo in the bottom-right corner', add(LOGO, ['bottom-right', 'bottom-right'])],
    ['add the watermark "DRAFT" at 50% opacity', add(text('DRAFT'), 'bottom-right', { opacity: 0.5 })],
    ['add a semi-transparent watermark "DRAFT"', add(text('DRAFT'), 'bottom-right', { opacity: 0.5 })],
    ['add the text "NEW" at the top', add(text('NEW'), ['top', 'top'])],
    ['add snowflakes', add({ kind: 'sticker', name: 'snowflake' }, 'top-left', { count: 5 })],
    ['add a balloon', add({ kind: 'sticker', name: 'balloon' }, 'top-left')],
    ['add three stars to the top left', add(star, ['top-left', 'top left'], { count: 3 })],
    ['add some cherry blossoms', add(sakura, 'top-left', { count: 5 })],
    [
      'add some small hearts',
      add({ kind: 'sticker', name: 'heart' }, 'top-left', { count: 5, scale: 0.072 }),
    ],
    [
      'add 3 balloons at the top right, 50% opacity',
      add({ kind: 'sticker', name: 'balloon' }, ['top-right', 'top right'], { count: 3, opacity: 0.5 }),
    ],
  ])('%s', (instruction, step) => {
    expect(parseInstruction(instruction).steps).toEqual([step]);
  });

  it('draws the line between a sticker overlay and content drawn into the scene', () => {
    expect(parseInstruction('加几朵樱花').steps[0].op).toBe('add');
    expect(parseInstruction('add cherry blossoms').steps[0].op).toBe('add');
    for (const instruction of ['加入樱花元素', '在画面中融入樱花', 'add cherry blossoms into the scene']) {
      expect(errorOf(instruction).code, instruction).toBe('NEEDS_GENERATIVE_ENGINE');
    }
    for (const [instruction, thing] of [
      ['加一只猫', '一只猫'],
      ['add a dog', 'dog'],
    ]) {
      const err = errorOf(instruction);
      expect(err.code).toBe('NEEDS_GENERATIVE_ENGINE');
      expect(err.message).toContain(`Drawing a new "${thing}" into the picture`);
    }
  });

  it('asks what a watermark without quoted text should say', () => {
    for (const instruction of ['加水印', 'add a watermark']) {
      const err = errorOf(instruction);
      expect(err.message).toMatch(/^What should the watermark say\?/);
      expect(err.details).toMatchObject({ intent: 'add' });
    }
    expect(errorOf("加上水印''").message).toMatch(/^The watermark text is empty/);
  });

  it('refuses contradictions and out-of-range values with INVALID_ARGUMENT', () => {
    for (const instruction of [
      '右下角加LOGO，左上角',
      '右下角加上LOGO，留白10%，留白5%',
      '加LOGO，大一点，小一点',
      '加LOGO，留白80%',
      "加上水印'样品'，不透明度0%",
      '加100颗星星',
      '加两个LOGO',
    ]) {
      expect(errorOf(instruction).code, instruction).toBe('INVALID_ARGUMENT');
    }
  });

  it('adds one thing per clause', () => {
    expect(errorOf("加上LOGO和水印'样品'").message).toMatch(/^Add one thing per clause/);
    expect(parseInstruction("加上LOGO，再加上水印'样品'").steps.map((s) => s.op)).toEqual(['add', 'add']);
  });

  it('refuses colours for stickers and logos, and gradient watermarks', () => {
    expect(errorOf('加几颗金色星星').message).toMatch(/^Only a text watermark takes a colour/);
    expect(errorOf('add some gold stars').details).toMatchObject({ intent: 'add' });
    expect(errorOf("加个渐变金色水印'样品'").message).toMatch(/not a gradient/);
  });
});
