import { describe, expect, it } from 'vitest';
import type { OcrLine } from '../perception/ocr.js';
import { findText, groundText } from './text.js';

const line = (text: string): OcrLine => ({
  text,
  score: 0.95,
  quad: [
    [0, 0],
    [100, 0],
    [100, 20],
    [0, 20],
  ],
  positions: [...text].map((_, i, all) => (i + 0.5) / all.length),
});

describe('findText', () => {
  const lines = [line('限时抢购'), line('¥199'), line('新品上市 SALE'), line('原价¥299 现价¥199')];

  it('finds exact occurrences in every line, with character ranges', () => {
    const m = findText(lines, '¥199');
    expect(m.map((x) => [x.lineIndex, x.start, x.end, x.similarity])).toEqual([
      [1, 0, 4, 1],
      [3, 9, 13, 1],
    ]);
  });

  it('ignores width, case and spaces', () => {
    expect(findText(lines, '￥１９９')).toHaveLength(2);
    expect(findText(lines, '新品上市sale')[0]).toMatchObject({ lineIndex: 2, start: 0, end: 9 });
    expect(findText(lines, 'SALE')[0]).toMatchObject({ lineIndex: 2, start: 5, end: 9 });
  });

  it('tolerates a misread character in longer text', () => {
    const m = findText([line('限时抢胸')], '限时抢购');
    expect(m).toHaveLength(1);
    expect(m[0].similarity).toBeLessThan(1);
  });

  it('tolerates look-alike misreads in short text', () => {
    expect(findText([line('SA1E')], 'SALE')).toHaveLength(1);
    expect(findText([line('SAFE')], 'SALE')).toHaveLength(0);
    expect(findText([line('Summer Salo')], 'Summer Sale')).toHaveLength(1);
    expect(findText([line('5O')], '50')).toHaveLength(1);
    expect(findText([line('Y88')], '¥88')).toHaveLength(1);
  });

  it('never matches a different number', () => {
    expect(findText(lines, '¥169')).toEqual([]);
    expect(findText([line('¥1299')], '¥199')).toEqual([]);
  });
});

describe('groundText', () => {
  it('lists what was found when the target is absent', () => {
    try {
      groundText([line('限时抢购'), line('¥199')], '新品首发');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        code: 'TARGET_NOT_FOUND',
        stage: 'ground',
        details: { target: '新品首发', found: ['限时抢购', '¥199'] },
      });
    }
  });

  it('picks one occurrence in reading order when asked', () => {
    const lines = [line('¥199'), line('原价¥299 现价¥199')];
    expect(groundText(lines, '¥199', 2)).toMatchObject([{ lineIndex: 1, start: 9 }]);
    expect(groundText(lines, '¥199', -1)).toMatchObject([{ lineIndex: 1 }]);
    expect(groundText(lines, '¥199', 1)).toMatchObject([{ lineIndex: 0 }]);
    expect(() => groundText(lines, '¥199', 3)).toThrow(/no occurrence number 3 .* has 2/);
  });

  it('says when the image has no text at all', () => {
    expect(() => groundText([], 'SALE')).toThrow(/no text was found/);
  });
});
