import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../errors.js';
import { parseInstruction } from './parse.js';

const step = (q: string) => parseInstruction(q).steps[0];

describe('questions', () => {
  it.each([
    ['图中有没有狗？', 'dog', '狗'],
    ['图里有猫吗', 'cat', '猫'],
    ['有没有人', 'person', '人'],
    ['图中是否有狗?', 'dog', '狗'],
    ['这张图里有没有一只小狗?', 'dog', '一只小狗'],
    ['照片中有没有路人', 'person', '路人'],
    ['能看到杯子吗', 'cup', '杯子'],
    ['猫在哪里？', 'cat', '猫'],
    ['Is there a car?', 'car', 'car'],
    ['Are there any people in the picture?', 'person', 'people'],
    ['Does the image contain a cup?', 'cup', 'cup'],
    ['Can you see any dogs?', 'dog', 'dogs'],
    ['Where is the cat?', 'cat', 'cat'],
    ['is there a dining table in this photo', 'dining table', 'dining table'],
  ])('%s → query %s', (q, object, phrase) => {
    const plan = parseInstruction(q);
    expect(plan.steps).toEqual([{ op: 'query', target: { object, phrase }, params: {} }]);
  });

  it('reads 啥 as 什么', () => {
    for (const q of ['图上都写了啥', '图上写了啥', '海报上写的是啥'])
      expect(step(q), q).toMatchObject({ op: 'query', target: { pattern: 'any-text' } });
  });

  it('a quoted text, prices and "any text" are text questions', () => {
    expect(step("图中有没有'¥199'")).toEqual({
      op: 'query',
      target: { text: '¥199', phrase: "'¥199'" },
      params: {},
    });
    expect(step('Is there the text “SALE” in the image?').target).toEqual({
      text: 'SALE',
      phrase: 'text “SALE”',
    });
    expect(step('where is the price?').target).toEqual({ pattern: 'price', phrase: 'price' });
    expect(step('价格在哪里').target).toEqual({ pattern: 'price', phrase: '价格' });
    expect(step('图片里有没有文字').target).toEqual({ pattern: 'any-text', phrase: '文字' });
  });

  it('an object outside COCO is UNSUPPORTED_INSTRUCTION listing the classes', () => {
    for (const q of ['图中有没有独角兽？', 'Is there a unicorn?']) {
      let err: unknown;
      try {
        parseInstruction(q);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ScalpelError);
      const e = err as ScalpelError;
      expect(e.code).toBe('UNSUPPORTED_INSTRUCTION');
      expect(e.message).toMatch(/80 COCO object classes/);
      expect(e.details.classes).toHaveLength(80);
      expect(e.details.classes).toContain('dog');
    }
  });

  it('replacements that mention question words still parse as replacements', () => {
    expect(parseInstruction("把'有没有'改成'有'").steps[0]).toEqual({
      op: 'replace-text',
      target: { text: '有没有' },
      params: { text: '有' },
    });
    expect(parseInstruction('Change "Is there a car?" to "Cars!"').steps[0].op).toBe('replace-text');
  });
});
