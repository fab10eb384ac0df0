import { describe, expect, it } from 'vitest';
import { parseModifiers, SCALE_DOWN, SCALE_UP } from './modifiers.js';

const RED = { kind: 'solid', rgb: [230, 0, 18], name: 'red' };
const GOLD = { kind: 'solid', rgb: [212, 175, 55], name: 'gold' };

describe('parseModifiers', () => {
  it.each([
    '字体颜色变红',
    '，字体颜色变红',
    '颜色改为红色',
    '字体改成红色',
    '变成红色',
    '红色字体',
    '红色的字',
    '红色',
    '用红色',
    'in red',
    'make it red',
    'red text',
    'turn the text red',
    'set the colour to red',
    'change the font color to red',
    'and make it red please',
  ])('%s → red', (text) => {
    expect(parseModifiers(text)).toEqual({
      modifiers: { color: RED, keep: [], all: false },
      conflicts: [],
      residue: '',
    });
  });

  it('reads gold, hex, rgb() and gradients', () => {
    expect(parseModifiers('字体改成金色').modifiers.color).toEqual(GOLD);
    expect(parseModifiers('color #ff0000').modifiers.color).toEqual({
      kind: 'solid',
      rgb: [255, 0, 0],
      name: '#ff0000',
    });
    expect(parseModifiers('颜色改为#F00').modifiers.color).toMatchObject({ rgb: [255, 0, 0] });
    expect(parseModifiers('颜色 rgb(1,2,3)').modifiers.color).toMatchObject({ rgb: [1, 2, 3] });
    for (const text of [
      '变成渐变金色',
      '字体颜色变为渐变金色',
      'in gold gradient',
      'in a golden gradient',
      '金色渐变',
    ]) {
      expect(parseModifiers(text).modifiers.color, text).toMatchObject({
        kind: 'gradient',
        name: 'gold gradient',
      });
    }
  });

  it('reads bold and size changes', () => {
    for (const text of ['加粗', '粗体', '字体加粗', 'bold', 'in bold', 'make it bold']) {
      expect(parseModifiers(text), text).toEqual({
        modifiers: { bold: true, keep: [], all: false },
        conflicts: [],
        residue: '',
      });
    }
    for (const text of [
      '放大',
      '大一点',
      '字体放大一点',
      '字号加大',
      'bigger',
      'make it larger',
      'a bit bigger',
    ]) {
      expect(parseModifiers(text), text).toMatchObject({ modifiers: { scale: SCALE_UP }, residue: '' });
    }
    for (const text of ['缩小', '小一点', '字体变小', 'smaller', 'make the text smaller']) {
      expect(parseModifiers(text), text).toMatchObject({ modifiers: { scale: SCALE_DOWN }, residue: '' });
    }
  });

  it('accepts "keep" phrases, which ask for the default', () => {
    for (const text of [
      '保持原有倾斜角度',
      '保持角度',
      '角度不变',
      'keep the angle',
      'keep the original tilt',
    ]) {
      expect(parseModifiers(text), text).toEqual({
        modifiers: { keep: ['angle'], all: false },
        conflicts: [],
        residue: '',
      });
    }
    expect(parseModifiers('保持原有字体，其他不变').modifiers.keep).toEqual(['style']);
    expect(parseModifiers('保持字体大小不变').modifiers.keep).toEqual(['size']);
  });

  it('combines several modifiers', () => {
    expect(parseModifiers('，字体颜色变为渐变金色，加粗并放大，保持原有倾斜角度')).toMatchObject({
      modifiers: {
        color: { kind: 'gradient', name: 'gold gradient' },
        bold: true,
        scale: SCALE_UP,
        keep: ['angle'],
      },
      residue: '',
    });
    expect(parseModifiers(' in bold red, bigger')).toMatchObject({
      modifiers: { color: RED, bold: true, scale: SCALE_UP },
      residue: '',
    });
  });

  it('reads 都 / all as "every clause"', () => {
    expect(parseModifiers('，都变成红色').modifiers).toEqual({ color: RED, keep: [], all: true });
    expect(parseModifiers(', make both red').modifiers).toEqual({ color: RED, keep: [], all: true });
  });

  it('reports contradictions', () => {
    expect(parseModifiers('红色，蓝色').conflicts).toEqual(['it asks for more than one colour (red, blue)']);
    expect(parseModifiers('红色，red').conflicts).toEqual([]);
    expect(parseModifiers('放大，缩小').conflicts).toHaveLength(1);
    expect(parseModifiers('变红，保持原有颜色').conflicts).toHaveLength(1);
    expect(parseModifiers('放大，保持大小不变').conflicts).toHaveLength(1);
  });

  it('leaves what it does not understand as residue, negations included', () => {
    expect(parseModifiers('，字体改成黑体').residue).toBe('黑体');
    expect(parseModifiers('不要变红').residue).toBe('不');
    expect(parseModifiers("don't make it red").residue).toBe("don't");
    expect(parseModifiers('make it pop').residue).toBe('pop');
    expect(parseModifiers('颜色改成荧光绿').residue).toBe('荧光');
    expect(parseModifiers('reduce').residue).toBe('reduce');
  });

  it('accepts empty text and pure punctuation', () => {
    expect(parseModifiers('')).toEqual({ modifiers: { keep: [], all: false }, conflicts: [], residue: '' });
    expect(parseModifiers(' ，。;')).toEqual({
      modifiers: { keep: [], all: false },
      conflicts: [],
      residue: '',
    });
  });
});
