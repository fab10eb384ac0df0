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
    expect(parseInstruction('put a cat on the sofa').steps[0]).toMatchObject({
      target: { kind: 'object', label: 'couch' },
      params: { around: true },
    });
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

describe('new content with local steps around it', () => {
  it('keeps neighbouring clauses of new content together, in the user’s words', () => {
    const plan = parseInstruction('给模特换个发型，要短发');
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({
      op: 'edit',
      params: { prompt: expect.stringContaining('要短发') },
    });
  });

  it('reads a removal then new content with no place of its own as one replacement there', () => {
    const plan = parseInstruction('去掉杯子，换成一瓶红酒');
    expect(plan.steps).toEqual([
      expect.objectContaining({
        op: 'edit',
        target: expect.objectContaining({ label: 'cup' }),
        params: expect.objectContaining({ around: true }),
      }),
    ]);
  });

  it('puts added things around the thing named, and transformed ones exactly on it', () => {
    expect(parseInstruction('在沙发上加一只猫').steps[0]).toMatchObject({
      target: { label: 'couch' },
      params: { around: true },
    });
    expect(parseInstruction('把沙发换成真皮材质').steps[0]).toMatchObject({ target: { label: 'couch' } });
    expect(parseInstruction('把沙发换成真皮材质').steps[0].params).not.toHaveProperty('around');
  });
});
