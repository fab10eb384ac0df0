import { describe, expect, it } from 'vitest';
import type { ObjectTarget, RecolorStep, Rgb } from '../types.js';
import { parseInstruction } from './parse.js';
import { errorOf } from '../../test/refusal.js';

const BLUE = { kind: 'solid', rgb: [0, 90, 200] as Rgb, name: 'blue' } as const;
const RED = { kind: 'solid', rgb: [230, 0, 18] as Rgb, name: 'red' } as const;
type Thing = ObjectTarget & { kind: 'object' };
const cup = (phrase: string): Thing => ({ kind: 'object', label: 'cup', phrase });
const car = (phrase: string): Thing => ({ kind: 'object', label: 'car', phrase });
const recolor = (target: ObjectTarget, color: RecolorStep['params']['color']): RecolorStep => ({
  op: 'recolor',
  target,
  params: { color },
});

describe('recolor', () => {
  it.each<[string, RecolorStep]>([
    ['把杯子换成蓝色', recolor(cup('杯子'), BLUE)],
    ['把杯子换成蓝色，保持光影一致', recolor(cup('杯子'), BLUE)],
    ['把杯子换成蓝色保持光影一致', recolor(cup('杯子'), BLUE)],
    ['把这个杯子换成蓝色，保持原有的质感', recolor(cup('这个杯子'), BLUE)],
    ['杯子换成蓝色', recolor(cup('杯子'), BLUE)],
    ['把杯子的颜色改成蓝色', recolor(cup('杯子'), BLUE)],
    ['把杯子变成蓝色的', recolor(cup('杯子'), BLUE)],
    ['把车漆改成红色', recolor(car('车漆'), RED)],
    ['把左边的车涂成红色', recolor({ ...car('左边的车'), pick: { by: 'position', anchor: 'left' } }, RED)],
    ['把杯子换成浅蓝', recolor(cup('杯子'), { kind: 'solid', rgb: [173, 216, 230], name: 'light blue' })],
    ['把主体换成红色', recolor({ kind: 'subject', phrase: '主体' }, RED)],
    ['把商品换成蓝色', recolor({ kind: 'subject', phrase: '商品' }, BLUE)],
    ['把这里换成蓝色', recolor({ kind: 'mask', phrase: '这里' }, BLUE)],
    ['make the cup blue', recolor(cup('the cup'), BLUE)],
    ['make the cup blue, keep the lighting', recolor(cup('the cup'), BLUE)],
    ['turn the car red', recolor(car('the car'), RED)],
    ['paint the car red while keeping the shading', recolor(car('the car'), RED)],
    [
      'make the car on the left red',
      recolor({ ...car('the car on the left'), pick: { by: 'position', anchor: 'left' } }, RED),
    ],
    [
      'change the cup colour to #3366ff',
      recolor(cup('the cup'), { kind: 'solid', rgb: [51, 102, 255], name: '#3366ff' }),
    ],
    ['change the color of the cup to blue', recolor(cup('the cup'), BLUE)],
    ["change the cup's colour to blue", recolor(cup('the cup'), BLUE)],
    ['recolor the cup to blue', recolor(cup('the cup'), BLUE)],
    ['make this blue', recolor({ kind: 'mask', phrase: 'this' }, BLUE)],
    ['make it red', recolor({ kind: 'mask', phrase: 'it' }, RED)],
    ['make the product red', recolor({ kind: 'subject', phrase: 'the product' }, RED)],
  ])('%s', (instruction, step) => {
    expect(parseInstruction(instruction).steps).toEqual([step]);
  });

  it.each([
    ['把衣服变成红色的', '衣服'],
    ['把衣服换成蓝色', '衣服'],
    ['把这件T恤换成蓝色，保持光影一致', '这件T恤'],
    ['change the shirt colour to #3366ff', 'the shirt'],
    ['make the unicorn blue', 'the unicorn'],
  ])('refuses an object it cannot find, saying what recolour works on: %s', (instruction, object) => {
    const err = errorOf(instruction);
    expect(err.code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(err.message).toMatch(/^Scalpel cannot recolour ".*": it is not something it can find/);
    expect(err.message).toMatch(
      /detectable object classes.*subject.*--mask \(把这里换成蓝色 \/ make this blue\)/,
    );
    expect(err.details).toMatchObject({ intent: 'recolor', object });
    expect(err.details.classes).toHaveLength(80);
  });

  it('refuses a gradient: recolouring takes one hue', () => {
    for (const instruction of [
      '把杯子换成渐变蓝色',
      'make the cup a blue gradient',
      'make the cup blue gradient',
    ]) {
      const err = errorOf(instruction);
      expect(err.code, instruction).toBe('UNSUPPORTED_INSTRUCTION');
      expect(err.message).toMatch(/takes one solid colour, not a gradient \(blue gradient\)/);
      expect(err.details).toMatchObject({ intent: 'recolor', color: 'blue gradient' });
    }
  });

  it('keeps a quoted text and recolours it as a text edit (the style fit redraws it in the new colour)', () => {
    for (const sentence of ["把'限时抢购'改成红色", "把'限时抢购'的颜色改成红色", 'make "限时抢购" red']) {
      expect(parseInstruction(sentence).steps, sentence).toEqual([
        { op: 'replace-text', target: { text: '限时抢购' }, params: { text: '限时抢购', color: RED } },
      ]);
    }
  });

  it('recolours every match with "all", and refuses an empty quoted text', () => {
    expect(parseInstruction('把所有杯子换成红色').steps[0].target).toMatchObject({
      kind: 'object',
      label: 'cup',
      all: true,
    });
    expect(errorOf("把''改成红色").code).toBe('UNSUPPORTED_INSTRUCTION');
  });

  it('leaves materials to the generative engine and text colour to replace-text', () => {
    expect(errorOf('把沙发换成红色皮革').code).toBe('NEEDS_GENERATIVE_ENGINE');
    expect(errorOf('字体颜色变红').message).toMatch(/^Could not understand the instruction/);
    expect(errorOf('不要把杯子换成蓝色').code).toBe('UNSUPPORTED_INSTRUCTION');
  });
});
