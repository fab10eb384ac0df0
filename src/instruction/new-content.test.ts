import { describe, expect, it } from 'vitest';
import { parseInstruction } from './parse.js';

/** New content is planned as `edit` steps; who draws them is the router's question, not the parser's. */
describe('new content in the plan', () => {
  it('is one edit step carrying the words and what the parser saw', () => {
    const plan = parseInstruction('布料变皮革');
    expect(plan.steps).toEqual([
      {
        op: 'edit',
        target: { kind: 'image', phrase: '布料变皮革' },
        params: expect.objectContaining({ prompt: '布料变皮革' }),
      },
    ]);
    expect(parseInstruction('背景换成海边').steps[0]).toMatchObject({
      op: 'edit',
      params: { why: expect.stringContaining('Painting a new background from words') },
    });
  });

  it('grounds where the thing named before the verb is, never the thing to be drawn', () => {
    expect(parseInstruction('给模特换一身西装').steps[0].target).toMatchObject({
      kind: 'object',
      label: 'person',
    });
    expect(parseInstruction('背景加入樱花元素').steps[0].target).toMatchObject({ kind: 'background' });
    expect(parseInstruction('在天空中加几只鸟').steps[0].target).toMatchObject({ kind: 'image' });
    expect(parseInstruction('put a cat on the sofa').steps[0].target).toMatchObject({ kind: 'image' });
  });

  it('goes where the user painted, when a mask is given', () => {
    const plan = parseInstruction('换成皮革材质', { context: { mask: true } });
    expect(plan.steps[0]).toMatchObject({ op: 'edit', target: { kind: 'mask' } });
  });

  it('keeps the clauses the local engine reads as local steps', () => {
    const plan = parseInstruction('去掉水印，然后背景加入樱花元素');
    expect(plan.steps.map((s) => s.op)).toEqual(['remove', 'edit']);
    expect(plan.steps[1]).toMatchObject({ params: { prompt: '背景加入樱花元素' } });
  });

  it('leaves requests for nothing new to the grammar', () => {
    for (const s of ['把杯子换成蓝色', '去掉路人', '背景换成纯白'])
      expect(
        parseInstruction(s).steps.some((x) => x.op === 'edit'),
        s,
      ).toBe(false);
  });
});
