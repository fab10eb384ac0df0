import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../errors.js';
import type { EditPlan } from '../types.js';
import { planInstruction } from './parse.js';

const plan = (text: string, context = {}): EditPlan => planInstruction(text, { context });
const codeOf = (text: string, context = {}): string => {
  try {
    plan(text, context);
  } catch (err) {
    if (err instanceof ScalpelError) return err.code;
    throw err;
  }
  throw new Error(`expected "${text}" to be refused`);
};

describe('the loose reading', () => {
  it('reads the key words of a description and lists the words it set aside', () => {
    const p = plan('那个水印好扎眼啊');
    expect(p.steps).toEqual([
      { op: 'remove', target: { kind: 'watermark', phrase: 'the watermark' }, params: {} },
    ]);
    expect(p.ignored).toEqual(['好啊']);
    const big = plan('the biggest umbrella of the bunch has to go');
    expect(big.steps[0].target).toMatchObject({
      kind: 'object',
      label: 'umbrella',
      pick: { by: 'size', order: 'largest' },
    });
    expect(big.ignored).toEqual(['bunch']);
  });

  it('points a pronoun back at the thing named before, and says one removal once', () => {
    const p = plan("there's a random dude photobombing on the left side, lose him");
    expect(p.steps).toHaveLength(1);
    expect(p.steps[0].target).toMatchObject({ label: 'person', pick: { by: 'position', anchor: 'left' } });
    expect(plan('the umbrella is way too dull, make it bright yellow').steps[0]).toMatchObject({
      op: 'recolor',
      target: { label: 'umbrella' },
      params: { color: { name: 'yellow' } },
    });
  });

  it('keeps a colour said against out of the request', () => {
    const p = plan('her handbag should be burgundy, not brown');
    expect(p.steps).toHaveLength(1);
    expect(p.steps[0]).toMatchObject({
      op: 'recolor',
      target: { label: 'handbag' },
      params: { color: { name: 'dark red' } },
    });
  });

  it('carries the background and a gradient over two clauses', () => {
    expect(plan('背景太乱了，换成纯白').steps[0]).toMatchObject({
      op: 'replace-background',
      params: { fill: { kind: 'color', name: 'white' } },
    });
    expect(plan('背景做成左右方向的渐变，橙到黄').steps[0]).toMatchObject({
      params: { fill: { kind: 'gradient', direction: 'horizontal', name: 'orange to yellow gradient' } },
    });
  });

  it('never takes a landmark for the thing', () => {
    expect(codeOf('remove the shadow under the cup')).toBe('UNSUPPORTED_INSTRUCTION');
    expect(codeOf('去掉杯子下面的影子')).toBe('UNSUPPORTED_INSTRUCTION');
    // With a mask the painted shadow is what goes.
    expect(plan('去掉杯子下面的影子', { mask: true }).steps[0].target).toMatchObject({ kind: 'mask' });
  });

  it('keeps what the grammar refuses refused', () => {
    for (const text of ['不要去掉水印', '把杯子换成渐变蓝色', '去掉所有左边的人', '加几颗金色星星'])
      expect(codeOf(text), text).toMatch(/UNSUPPORTED_INSTRUCTION|INVALID_ARGUMENT/);
    // A clause that asks for something no lexicon knows fails the whole sentence.
    expect(codeOf('remove the dog, then frobnicate the cup')).toBe('UNSUPPORTED_INSTRUCTION');
  });
});
