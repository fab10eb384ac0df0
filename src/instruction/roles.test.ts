import { describe, expect, it } from 'vitest';
import { parseInstruction } from './parse.js';

const step = (s: string) => parseInstruction(s).steps[0];

describe('texts named by their role', () => {
  it.each([
    ['把价格改成99元', 'price', '99元'],
    ['Change the price to $99', 'price', '$99'],
    ['价格改为¥79', 'price', '¥79'],
    ["标题改成'夏日大促'", 'title', '夏日大促'],
    ['把标题换成红色', 'title', ''],
    ['make the headline red', 'title', ''],
  ])('%s → the %s, new text %j', (s, role, text) => {
    expect(step(s)).toMatchObject({ op: 'replace-text', target: { role, text: '' }, params: { text } });
  });

  it('a role alone in another edit is not every text: 去掉价格 is refused, not a watermark', () => {
    expect(() => parseInstruction('去掉价格')).toThrow(/价格/);
  });

  it('a quoted text beside a role word is that text', () => {
    expect(step('update the price "$49" to "$39"')).toMatchObject({
      target: { text: '$49' },
      params: { text: '$39' },
    });
  });
});
