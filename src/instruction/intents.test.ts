import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../errors.js';
import { plannedIntent } from './intents.js';
import { parseInstruction } from './parse.js';

describe('edits that are understood but not supported yet', () => {
  it.each([
    ['去掉这个人', 'remove'],
    ['remove the watermark', 'remove'],
    ['把杯子换成蓝色，保持光影一致', 'recolor'],
    ['make the cup blue', 'recolor'],
    ['背景换成纯白', 'replace-background'],
    ['右下角加上LOGO，留白10%', 'add'],
    ['让客厅更通透一些', 'adjust'],
    ['暖一点', 'adjust'],
  ])('%s → %s', (instruction, op) => {
    expect(plannedIntent(instruction)?.op).toBe(op);
    try {
      parseInstruction(instruction);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ScalpelError);
      expect(err).toMatchObject({ code: 'UNSUPPORTED_INSTRUCTION', details: { intent: op } });
      expect((err as Error).message).toMatch(/not supported yet/);
    }
  });

  it('new content needs a generative engine, and says so', () => {
    expect(plannedIntent('布料变皮革')?.op).toBe('generative');
    expect(() => parseInstruction('布料变皮革')).toThrow(
      expect.objectContaining({
        code: 'NEEDS_GENERATIVE_ENGINE',
        details: expect.objectContaining({ intent: 'generative' }),
      }),
    );
  });

  it('leaves text replacements and questions alone', () => {
    expect(parseInstruction("把'去掉'改成'保留'").steps[0].op).toBe('replace-text');
    expect(parseInstruction("把'背景'改成'前景'，字体颜色变红").steps[0].op).toBe('replace-text');
    expect(parseInstruction('图中有没有狗？').steps[0].op).toBe('query');
  });

  it('does not guess at nonsense', () => {
    expect(plannedIntent('make it pop')).toBeUndefined();
  });
});
