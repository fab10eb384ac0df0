import { describe, expect, it } from 'vitest';
import type { BackgroundFill, ReplaceBackgroundStep } from '../types.js';
import { BLUR_SIGMA } from './background.js';
import { parseInstruction } from './parse.js';
import { errorOf } from '../../test/refusal.js';

const WHITE: BackgroundFill = { kind: 'color', rgb: [255, 255, 255], name: 'white' };
const BLUE_GRADIENT: BackgroundFill = {
  kind: 'gradient',
  stops: [
    [77, 140, 217],
    [0, 90, 200],
    [0, 68, 150],
  ],
  direction: 'vertical',
  name: 'blue gradient',
};
const bg = (phrase: string, fill: BackgroundFill, shadow = false): ReplaceBackgroundStep => ({
  op: 'replace-background',
  target: { kind: 'background', phrase },
  params: { fill, shadow },
});

describe('replace-background', () => {
  it.each<[string, ReplaceBackgroundStep]>([
    ['背景换成纯白', bg('背景', WHITE)],
    ['背景换成白色', bg('背景', WHITE)],
    ['把背景改成白色的', bg('背景', WHITE)],
    ['把这张图的背景换成白色', bg('这张图的背景', WHITE)],
    ['换成白底', bg('白底', WHITE)],
    ['换成纯色背景', bg('背景', WHITE)],
    ['背景换成纯色', bg('背景', WHITE)],
    ['背景换成黑色', bg('背景', { kind: 'color', rgb: [0, 0, 0], name: 'black' })],
    ['背景换成#F5F5F5', bg('背景', { kind: 'color', rgb: [245, 245, 245], name: '#f5f5f5' })],
    ['把背景改成渐变蓝色', bg('背景', BLUE_GRADIENT)],
    ['背景换成蓝色渐变', bg('背景', BLUE_GRADIENT)],
    ['背景换成横向渐变蓝色', bg('背景', { ...BLUE_GRADIENT, direction: 'horizontal' })],
    [
      '背景换成从白色到蓝色的渐变',
      bg('背景', {
        kind: 'gradient',
        stops: [
          [255, 255, 255],
          [0, 90, 200],
        ],
        direction: 'vertical',
        name: 'white to blue gradient',
      }),
    ],
    ['背景虚化', bg('背景', { kind: 'blur', sigma: BLUR_SIGMA })],
    ['虚化背景', bg('背景', { kind: 'blur', sigma: BLUR_SIGMA })],
    ['背景模糊一点', bg('背景', { kind: 'blur', sigma: BLUR_SIGMA * 0.5 })],
    ['背景虚化一下', bg('背景', { kind: 'blur', sigma: BLUR_SIGMA })],
    ['背景非常模糊', bg('背景', { kind: 'blur', sigma: BLUR_SIGMA * 1.5 })],
    ['背景换成这张图', bg('背景', { kind: 'asset' })],
    ['用这张图片做背景', bg('背景', { kind: 'asset' })],
    ['背景换成纯白，加阴影', bg('背景', WHITE, true)],
    ['背景换成白色，带投影', bg('背景', WHITE, true)],
    ['背景换成白色带投影', bg('背景', WHITE, true)],
    ['背景换成白色，不要阴影', bg('背景', WHITE, false)],
    ['背景换成白色，保持主体不变', bg('背景', WHITE)],
    ['replace the background with white', bg('the background', WHITE)],
    ['change the background to a blue gradient', bg('the background', BLUE_GRADIENT)],
    ['replace the background with a solid colour', bg('the background', WHITE)],
    ['make the background blurry', bg('the background', { kind: 'blur', sigma: BLUR_SIGMA })],
    ['blur the background', bg('the background', { kind: 'blur', sigma: BLUR_SIGMA })],
    ['blur the background slightly', bg('the background', { kind: 'blur', sigma: BLUR_SIGMA * 0.5 })],
    ['use this image as background', bg('background', { kind: 'asset' })],
    ['replace the background with this image', bg('the background', { kind: 'asset' })],
    ['replace the background with white, with a drop shadow', bg('the background', WHITE, true)],
  ])('%s', (instruction, step) => {
    expect(parseInstruction(instruction).steps).toEqual([step]);
  });

  it('asks what to put there when no fill is named (white only with 纯色 / solid)', () => {
    for (const instruction of [
      '换背景',
      '换个背景',
      '把背景换掉',
      'change the background',
      'replace the background',
    ]) {
      const err = errorOf(instruction);
      expect(err.code, instruction).toBe('UNSUPPORTED_INSTRUCTION');
      expect(err.message, instruction).toMatch(/^What should the new background be\?/);
      expect(err.details).toMatchObject({ intent: 'replace-background' });
    }
  });

  it('a scene in words needs a generative engine', () => {
    for (const [instruction, scene] of [
      ['背景换成海边', '海边'],
      ['背景换成金色沙滩', '金色沙滩'],
      ['replace the background with a beach', 'a beach'],
    ]) {
      const err = errorOf(instruction);
      expect(err.code, instruction).toBe('NEEDS_GENERATIVE_ENGINE');
      expect(err.message).toContain(`Painting a new background from words ("${scene}")`);
      expect(err.message).toMatch(/DASHSCOPE_API_KEY/);
    }
  });

  it('refuses contradictions', () => {
    expect(errorOf('背景换成白色和蓝色').code).toBe('INVALID_ARGUMENT');
    expect(errorOf('背景虚化成白色').code).toBe('INVALID_ARGUMENT');
    expect(errorOf('背景换成白色，加阴影，不要阴影').code).toBe('INVALID_ARGUMENT');
    expect(errorOf('背景换成白色，背景换成蓝色').code).toBe('INVALID_ARGUMENT');
  });

  it('a shadow alone needs a background to go with', () => {
    const err = errorOf('加阴影');
    expect(err.message).toMatch(/^A shadow goes with a new background/);
    expect(err.details).toMatchObject({ intent: 'replace-background' });
  });

  it('is not a recolour or an adjustment of the background', () => {
    expect(errorOf('背景亮一点').message).toMatch(/^Tone adjustments apply to the whole image; "背景"/);
    expect(errorOf('背景换成横向').code).toBe('UNSUPPORTED_INSTRUCTION');
  });
});

describe('cut-outs (transparent background)', () => {
  const CUT: BackgroundFill = { kind: 'transparent' };
  it.each<[string, ReplaceBackgroundStep]>([
    ['去掉背景', bg('背景', CUT)],
    ['remove the background', bg('the background', CUT)],
    ['抠图', bg('抠图', CUT)],
    ['把商品抠出来', bg('抠出来', CUT)],
    ['背景换成透明', bg('背景', CUT)],
    ['透明背景', bg('背景', CUT)],
    ['make the background transparent', bg('the background', CUT)],
    ['cut out the product', bg('cut out', CUT)],
  ])('%s', (instruction, step) => {
    expect(parseInstruction(instruction).steps).toEqual([step]);
  });

  it('a transparent and a white background at once is a contradiction', () => {
    expect(errorOf('背景换成透明的白色').code).toBe('INVALID_ARGUMENT');
  });
});
