import { describe, expect, it } from 'vitest';
import { GOLD_GRADIENT, RED } from '../../test/fixtures/plans.js';
import { parseColor } from './colors.js';

describe('parseColor', () => {
  it('reads Chinese and English names, with or without 色 / colour', () => {
    for (const p of ['红', '红色', '大红', '红色的', 'red', 'RED', 'Red colour', 'red color']) {
      expect(parseColor(p), p).toEqual(RED);
    }
    expect(parseColor('金色')).toEqual({ kind: 'solid', rgb: [212, 175, 55], name: 'gold' });
    expect(parseColor('golden')).toEqual({ kind: 'solid', rgb: [212, 175, 55], name: 'gold' });
  });

  it.each([
    ['深红', 'dark red'],
    ['薄荷绿', 'mint'],
    ['mint green', 'mint'],
    ['米白色', 'beige'],
    ['卡其色', 'khaki'],
    ['克莱因蓝', 'klein blue'],
    ['橄榄绿', 'olive'],
    ['军绿色', 'army green'],
    ['香芋紫', 'lavender'],
    ['珊瑚色', 'coral'],
    ['橙', 'orange'],
    ['orange', 'orange'],
    ['黄色', 'yellow'],
    ['绿', 'green'],
    ['蓝色', 'blue'],
    ['深蓝', 'navy'],
    ['navy', 'navy'],
    ['天蓝', 'sky blue'],
    ['sky blue', 'sky blue'],
    ['紫', 'purple'],
    ['粉色', 'pink'],
    ['黑', 'black'],
    ['white', 'white'],
    ['灰', 'gray'],
    ['grey', 'gray'],
    ['金', 'gold'],
    ['银色', 'silver'],
    ['棕', 'brown'],
    ['青色', 'cyan'],
  ])('%s → %s', (phrase, name) => {
    expect(parseColor(phrase)).toMatchObject({ kind: 'solid', name });
  });

  it('reads #RGB and #RRGGBB, any case, full-width ＃ included', () => {
    expect(parseColor('#ff0000')).toEqual({ kind: 'solid', rgb: [255, 0, 0], name: '#ff0000' });
    expect(parseColor('#F00')).toEqual({ kind: 'solid', rgb: [255, 0, 0], name: '#ff0000' });
    expect(parseColor('＃00ff7F')).toEqual({ kind: 'solid', rgb: [0, 255, 127], name: '#00ff7f' });
    expect(parseColor('#ff00')).toBeUndefined();
    expect(parseColor('#ggg')).toBeUndefined();
  });

  it('reads rgb(r,g,b) and rejects out-of-range channels', () => {
    expect(parseColor('rgb(255, 0, 18)')).toEqual({ kind: 'solid', rgb: [255, 0, 18], name: '#ff0012' });
    expect(parseColor('RGB(1 2 3)')).toEqual({ kind: 'solid', rgb: [1, 2, 3], name: '#010203' });
    expect(parseColor('rgb(256,0,0)')).toBeUndefined();
  });

  it('reads gold gradients as metallic light → deep gold', () => {
    for (const p of [
      '渐变金色',
      '渐变金',
      '金色渐变',
      '渐变的金色',
      'gold gradient',
      'golden gradient',
      'gradient gold',
    ]) {
      expect(parseColor(p), p).toEqual(GOLD_GRADIENT);
    }
  });

  it('derives light → base → dark stops for other gradients', () => {
    expect(parseColor('渐变红')).toEqual({
      kind: 'gradient',
      stops: [
        [238, 77, 89],
        [230, 0, 18],
        [173, 0, 14],
      ],
      name: 'red gradient',
    });
    expect(parseColor('silver gradient')).toMatchObject({ kind: 'gradient', name: 'silver gradient' });
  });

  it('returns fresh arrays, so callers cannot corrupt the lexicon', () => {
    const a = parseColor('red');
    if (a?.kind === 'solid') a.rgb[0] = 0;
    expect(parseColor('red')).toEqual(RED);
  });

  it('returns undefined for anything else', () => {
    for (const p of ['', '渐变', 'gradient', 'pop', '荧光绿', 'reddish', '黑体']) {
      expect(parseColor(p), p).toBeUndefined();
    }
  });
});
