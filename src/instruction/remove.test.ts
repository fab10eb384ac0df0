import { describe, expect, it } from 'vitest';
import type { ObjectTarget, Pick as TargetPick, RemoveStep } from '../types.js';
import { parseInstruction } from './parse.js';
import { errorOf } from '../../test/refusal.js';

const remove = (target: ObjectTarget): RemoveStep => ({ op: 'remove', target, params: {} });
const person = (phrase: string, pick?: TargetPick): ObjectTarget =>
  pick ? { kind: 'object', label: 'person', phrase, pick } : { kind: 'object', label: 'person', phrase };

describe('remove', () => {
  it.each<[string, ObjectTarget]>([
    ['去掉这个人', person('这个人')],
    ['去掉路人', person('路人')],
    ['把左边的人去掉', person('左边的人', { by: 'position', anchor: 'left' })],
    ['去掉最左边的人', person('最左边的人', { by: 'position', anchor: 'left' })],
    ['删除图中的车', { kind: 'object', label: 'car', phrase: '图中的车' }],
    [
      '去掉最大的车',
      { kind: 'object', label: 'car', phrase: '最大的车', pick: { by: 'size', order: 'largest' } },
    ],
    ['删掉这只狗', { kind: 'object', label: 'dog', phrase: '这只狗' }],
    ['去水印', { kind: 'watermark', phrase: '水印' }],
    ['去掉水印', { kind: 'watermark', phrase: '水印' }],
    ['水印去掉', { kind: 'watermark', phrase: '水印' }],
    ['去掉右下角的水印', { kind: 'watermark', phrase: '右下角的水印', anchor: 'bottom-right' }],
    ['把右下角的水印去掉', { kind: 'watermark', phrase: '右下角的水印', anchor: 'bottom-right' }],
    ['去掉画面中的文字', { kind: 'watermark', phrase: '画面中的文字' }],
    ['擦掉左上角的字', { kind: 'watermark', phrase: '左上角的字', anchor: 'top-left' }],
    ['去掉logo', { kind: 'watermark', phrase: 'logo' }],
    ["去掉文字'仅供参考'", { kind: 'text', text: '仅供参考', phrase: "文字'仅供参考'" }],
    ["把'A'去掉", { kind: 'text', text: 'A', phrase: "'A'" }],
    ["删除第二个'¥199'", { kind: 'text', text: '¥199', phrase: "第二个'¥199'", nth: 2 }],
    ['擦掉右下角', { kind: 'region', anchor: 'bottom-right', phrase: '右下角' }],
    ['去掉图片右下角', { kind: 'region', anchor: 'bottom-right', phrase: '图片右下角' }],
    ['去掉主体', { kind: 'subject', phrase: '主体' }],
    ['去掉这个', { kind: 'mask', phrase: '这个' }],
    ['去掉这里', { kind: 'mask', phrase: '这里' }],
    ['remove the passer-by', person('the passer-by')],
    ['remove the person on the left', person('the person on the left', { by: 'position', anchor: 'left' })],
    ['remove the leftmost person', person('the leftmost person', { by: 'position', anchor: 'left' })],
    ['remove the watermark', { kind: 'watermark', phrase: 'the watermark' }],
    [
      'remove the logo in the bottom right corner',
      { kind: 'watermark', phrase: 'the logo in the bottom right corner', anchor: 'bottom-right' },
    ],
    ['erase the text "SALE"', { kind: 'text', text: 'SALE', phrase: 'the text "SALE"' }],
    ['remove the last "SALE"', { kind: 'text', text: 'SALE', phrase: 'the last "SALE"', nth: -1 }],
    ['remove the car', { kind: 'object', label: 'car', phrase: 'the car' }],
    ['get rid of the dogs', { kind: 'object', label: 'dog', phrase: 'the dogs', all: true }],
    [
      'remove the biggest car',
      { kind: 'object', label: 'car', phrase: 'the biggest car', pick: { by: 'size', order: 'largest' } },
    ],
    ['erase the top-left corner', { kind: 'region', anchor: 'top-left', phrase: 'the top-left corner' }],
    ['remove the product', { kind: 'subject', phrase: 'the product' }],
    ['remove this', { kind: 'mask', phrase: 'this' }],
    ['remove it', { kind: 'mask', phrase: 'it' }],
  ])('%s', (instruction, target) => {
    expect(parseInstruction(instruction).steps).toEqual([remove(target)]);
  });

  it.each([
    '去掉这个人，地面纹理自然延续',
    '去掉这个人地面纹理自然延续',
    '去掉这个人，不留痕迹',
    '请帮我去掉这个人，背景保持不变，谢谢',
    'remove the person seamlessly',
    'remove the person and fill the gap naturally',
  ])('accepts (and ignores) wishes about the fill: %s', (instruction) => {
    const { steps } = parseInstruction(instruction);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ op: 'remove', target: { kind: 'object', label: 'person' }, params: {} });
  });

  it('refuses what it cannot find, listing what it can', () => {
    for (const [instruction, object] of [
      ['去掉独角兽', '独角兽'],
      ['remove the unicorn', 'the unicorn'],
      ['去掉那个东西', '那个东西'],
    ]) {
      const err = errorOf(instruction);
      expect(err.code, instruction).toBe('UNSUPPORTED_INSTRUCTION');
      expect(err.message).toMatch(/cannot tell what .* is, so it cannot remove it/);
      expect(err.details).toMatchObject({ intent: 'remove', object });
      expect(err.details.classes).toHaveLength(80);
    }
  });

  it('reads "all" as every match of an object, and refuses it where it cannot hold', () => {
    for (const sentence of ['去掉所有的人', '把路人全部去掉', 'remove all the people', 'delete every car']) {
      const [step] = parseInstruction(sentence).steps;
      expect(step, sentence).toMatchObject({ op: 'remove', target: { kind: 'object', all: true } });
    }
    expect(parseInstruction('所有的水印都去掉').steps[0].target).toMatchObject({ kind: 'watermark' });
    expect(errorOf('去掉所有左边的人').message).toMatch(/names several things/);
    expect(errorOf('去掉所有的商品').message).toMatch(/names several things/);
    expect(errorOf("去掉文字''").code).toBe('UNSUPPORTED_INSTRUCTION');
  });

  it('does not read negations', () => {
    expect(errorOf('不要去掉水印').code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(errorOf("don't remove the watermark").code).toBe('UNSUPPORTED_INSTRUCTION');
  });
});
