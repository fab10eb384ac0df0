import { describe, expect, it } from 'vitest';
import { RED, step } from '../../test/fixtures/plans.js';
import type { EditStep } from '../types.js';
import { checkPlan, negated } from './objects.js';
import { parseInstruction } from './parse.js';
import { errorOf } from '../../test/refusal.js';

const WATERMARK: EditStep = { op: 'remove', target: { kind: 'watermark', phrase: '水印' }, params: {} };
const LOGO_BOTTOM_RIGHT: EditStep = {
  op: 'add',
  target: { kind: 'region', anchor: 'bottom-right', phrase: '右下角' },
  params: { content: { kind: 'asset' }, margin: 0.05, scale: 0.2, opacity: 1, count: 1 },
};
const BLUE = { kind: 'solid', rgb: [0, 90, 200], name: 'blue' } as const;

describe('several edits in one sentence', () => {
  it('背景换成白色，再把杯子换成蓝色', () => {
    expect(parseInstruction('背景换成白色，再把杯子换成蓝色').steps).toEqual([
      {
        op: 'replace-background',
        target: { kind: 'background', phrase: '背景' },
        params: { fill: { kind: 'color', rgb: [255, 255, 255], name: 'white' }, shadow: false },
      },
      { op: 'recolor', target: { kind: 'object', label: 'cup', phrase: '杯子' }, params: { color: BLUE } },
    ]);
  });

  it('去掉水印，然后右下角加上LOGO', () => {
    expect(parseInstruction('去掉水印，然后右下角加上LOGO').steps).toEqual([WATERMARK, LOGO_BOTTOM_RIGHT]);
    expect(parseInstruction('去掉水印然后右下角加上LOGO').steps).toEqual([WATERMARK, LOGO_BOTTOM_RIGHT]);
  });

  it('remove the watermark, then make the cup blue', () => {
    const recolor = {
      op: 'recolor',
      target: { kind: 'object', label: 'cup', phrase: 'the cup' },
      params: { color: BLUE },
    };
    const watermark = { op: 'remove', target: { kind: 'watermark', phrase: 'the watermark' }, params: {} };
    expect(parseInstruction('remove the watermark, then make the cup blue').steps).toEqual([
      watermark,
      recolor,
    ]);
    expect(parseInstruction('remove the watermark and make the cup blue').steps).toEqual([
      watermark,
      recolor,
    ]);
  });

  it('a modifier segment joins the step before it', () => {
    expect(parseInstruction('去掉水印，右下角加上LOGO，留白10%，背景换成白色，加阴影').steps).toEqual([
      WATERMARK,
      { ...LOGO_BOTTOM_RIGHT, params: { ...LOGO_BOTTOM_RIGHT.params, margin: 0.1 } },
      {
        op: 'replace-background',
        target: { kind: 'background', phrase: '背景' },
        params: { fill: { kind: 'color', rgb: [255, 255, 255], name: 'white' }, shadow: true },
      },
    ]);
  });

  it('mixes with text replacements, in sentence order', () => {
    expect(parseInstruction("把'A'改成'B'，再去掉水印").steps).toEqual([step('A', { text: 'B' }), WATERMARK]);
    expect(parseInstruction("去掉水印，把'A'改成'B'，加粗").steps).toEqual([
      WATERMARK,
      step('A', { text: 'B', bold: true }),
    ]);
    expect(
      parseInstruction("把'A'改成'B'，加粗，去掉水印，右下角加上LOGO，把'C'改成'D'，变红").steps,
    ).toEqual([
      step('A', { text: 'B', bold: true }),
      WATERMARK,
      LOGO_BOTTOM_RIGHT,
      step('C', { text: 'D', color: RED }),
    ]);
    expect(parseInstruction("Change 'A' to 'B' in red, then remove the watermark").steps).toEqual([
      step('A', { text: 'B', color: RED }),
      { op: 'remove', target: { kind: 'watermark', phrase: 'the watermark' }, params: {} },
    ]);
  });

  it('keeps refusing style words it cannot attach, with the old message', () => {
    expect(errorOf("把'A'改成'B'，不要变红").message).toContain('Could not understand "不"');
    expect(errorOf("红色的'A'改成'B'").code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(errorOf("变红，把'A'改成'B'").message).toMatch(/^Put style changes after the replacement/);
    expect(errorOf("把'A'改成'B'，去掉水印，make it sing").message).toContain('Could not understand "');
  });

  it('names the first segment it could not read', () => {
    const err = errorOf('去掉水印，make it sing');
    expect(err.message).toMatch(/^Could not understand "make it sing" in the instruction/);
    expect(err.details).toMatchObject({ unrecognized: 'make it sing' });
  });

  it('refuses the whole sentence when one part needs a generative engine', () => {
    expect(errorOf('把杯子换成蓝色，模特换成亚洲女性').code).toBe('NEEDS_GENERATIVE_ENGINE');
    expect(errorOf("把'A'改成'B'，布料变皮革").code).toBe('NEEDS_GENERATIVE_ENGINE');
  });

  it('refuses contradictions across steps', () => {
    expect(errorOf('变亮又变暗').code).toBe('INVALID_ARGUMENT');
    expect(errorOf('亮一点，然后暗一点').code).toBe('INVALID_ARGUMENT');
    expect(errorOf('背景换成白色，再背景虚化').code).toBe('INVALID_ARGUMENT');
  });
});

describe('checkPlan', () => {
  const adjust = (preset: 'brighter' | 'darker', strength = 1): EditStep => ({
    op: 'adjust',
    target: { kind: 'global', phrase: '' },
    params: { preset, strength },
  });

  it('accepts a consistent plan and repeats of the same preset', () => {
    expect(() => checkPlan([adjust('brighter'), adjust('brighter'), WATERMARK], 'x')).not.toThrow();
  });

  it('throws INVALID_ARGUMENT for opposite presets or one preset at two strengths', () => {
    expect(() => checkPlan([adjust('brighter'), adjust('darker')], 'x')).toThrow(/brighter and darker/);
    expect(() => checkPlan([adjust('brighter'), adjust('brighter', 0.5)], 'x')).toThrow(
      /different strengths/,
    );
  });
});

describe('negated', () => {
  it.each([
    ['不要去掉水印', true],
    ['别把杯子换成蓝色', true],
    ["don't remove it", true],
    ['do not add a logo', true],
    ['特别暖', false],
    ['不透明度50%', false],
    ['背景换成白色，不要阴影', false],
    ['去掉路人，不留痕迹', false],
    ['其他不变', false],
    ['no shadow', false],
    ['remove the notebook', false],
  ])('%s → %s', (text, expected) => {
    expect(negated(text)).toBe(expected);
  });
});
