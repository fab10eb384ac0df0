/**
 * Several steps in one sentence see what the earlier ones made: a question or a removal after a text
 * edit reads the new text, not the OCR taken before it.
 */
import { describe, expect, it } from 'vitest';
import { edit } from '../src/index.js';
import { priceTag } from './fixtures/posters.js';

describe('steps after a text edit', () => {
  it('answer about the new text, not the old one', async () => {
    const { png } = await priceTag.render();
    const out = await edit(png, "把'¥199'改成'¥169'，然后图里有没有'¥169'？", { format: 'png' });
    const [, question] = out.report.steps;
    expect(question.op).toBe('query');
    expect(question.answer?.exists).toBe(true);
    const old = await edit(png, "把'¥199'改成'¥169'，然后图里有没有'¥199'？", { format: 'png' });
    expect(old.report.steps[1].answer?.exists).toBe(false);
  });

  it('still find a second text named in the same sentence', async () => {
    const { png } = await priceTag.render();
    const out = await edit(png, "把'¥199'改成'¥169'，把'限时抢购'改成'今日特价'", { format: 'png' });
    expect(out.report.steps.map((s) => s.quality.readback_ok)).toEqual([true, true]);
  });
});
