import { describe, expect, it } from 'vitest';
import type { AdjustPreset, AdjustStep } from '../types.js';
import { parseInstruction } from './parse.js';
import { errorOf } from '../../test/refusal.js';

const adjust = (phrase: string, preset: AdjustPreset, strength = 1): AdjustStep => ({
  op: 'adjust',
  target: { kind: 'global', phrase },
  params: { preset, strength },
});

describe('adjust', () => {
  it.each<[string, AdjustPreset, number]>([
    ['让客厅更通透一些', 'airy', 0.5],
    ['更通透', 'airy', 1],
    ['make it light and airy', 'airy', 1],
    ['更亮', 'brighter', 1],
    ['亮一点', 'brighter', 0.5],
    ['提亮', 'brighter', 1],
    ['亮度提高', 'brighter', 1],
    ['brighter', 'brighter', 1],
    ['make it brighter', 'brighter', 1],
    ['make the living room brighter', 'brighter', 1],
    ['暗一点', 'darker', 0.5],
    ['稍微暗一点', 'darker', 0.5],
    ['亮度降低', 'darker', 1],
    ['darker', 'darker', 1],
    ['暖一点', 'warmer', 0.5],
    ['非常暖', 'warmer', 1.5],
    ['特别暖', 'warmer', 1.5],
    ['暖色调', 'warmer', 1],
    ['warmer', 'warmer', 1],
    ['much warmer', 'warmer', 1.5],
    ['make the image a bit warmer', 'warmer', 0.5],
    ['冷一点', 'cooler', 0.5],
    ['cooler', 'cooler', 1],
    ['北欧风', 'nordic', 1],
    ['更有北欧风格', 'nordic', 1],
    ['Nordic', 'nordic', 1],
    ['scandinavian style', 'nordic', 1],
    ['更鲜艳', 'vivid', 1],
    ['vivid', 'vivid', 1],
    ['more saturated', 'vivid', 1],
    ['低饱和', 'muted', 1],
    ['饱和度低一点', 'muted', 0.5],
    ['muted', 'muted', 1],
    ['对比度高一点', 'more-contrast', 0.5],
    ['对比度高很多', 'more-contrast', 1.5],
    ['more contrast', 'more-contrast', 1],
    ['a lot more contrast', 'more-contrast', 1.5],
    ['柔和一点', 'less-contrast', 0.5],
    ['less contrast', 'less-contrast', 1],
  ])('%s → %s × %s', (instruction, preset, strength) => {
    expect(parseInstruction(instruction).steps).toEqual([adjust(instruction, preset, strength)]);
  });

  it('reads several presets in one sentence, in the order they were said', () => {
    const article = '让这张客厅更有北欧风的感觉光线更通透一些';
    expect(parseInstruction(article).steps).toEqual([
      adjust(article, 'nordic', 1),
      adjust(article, 'airy', 0.5),
    ]);
    expect(parseInstruction('亮一点，暖一点').steps).toEqual([
      adjust('亮一点', 'brighter', 0.5),
      adjust('暖一点', 'warmer', 0.5),
    ]);
    expect(parseInstruction('brighter and warmer').steps).toEqual([
      adjust('brighter and warmer', 'brighter', 1),
      adjust('brighter and warmer', 'warmer', 1),
    ]);
  });

  it('refuses contradictions with INVALID_ARGUMENT', () => {
    for (const instruction of [
      '变亮又变暗',
      '亮一点，暗一点',
      'warmer and cooler',
      '更鲜艳，低饱和',
      '对比度高一点，柔和一点',
    ]) {
      const err = errorOf(instruction);
      expect(err.code, instruction).toBe('INVALID_ARGUMENT');
      expect(err.message).toMatch(/^The instruction contradicts itself/);
    }
    expect(errorOf('亮一点，非常亮').code).toBe('INVALID_ARGUMENT');
  });

  it('applies to the whole image only', () => {
    for (const [instruction, owner] of [
      ['让杯子更亮', '杯子'],
      ['背景亮一点', '背景'],
      ['make the cup brighter', 'cup'],
    ]) {
      const err = errorOf(instruction);
      expect(err.code, instruction).toBe('UNSUPPORTED_INSTRUCTION');
      expect(err.message).toContain(`Tone adjustments apply to the whole image; "${owner}"`);
    }
  });

  it('does not read negations or unknown words', () => {
    expect(errorOf('不要太亮').code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(errorOf('亮得刺眼').code).toBe('UNSUPPORTED_INSTRUCTION');
  });
});

/** Each step's preset and strength. */
const graded = (text: string) =>
  (parseInstruction(text).steps as AdjustStep[]).map((s) => [s.params.preset, s.params.strength]);

describe('adjust amounts and overlapping words', () => {
  it.each<[string, AdjustPreset, number]>([
    ['亮度提高20%', 'brighter', 1],
    ['亮度调高10个点', 'brighter', 0.5],
    ['饱和度提高百分之十五', 'vivid', 0.75],
    ['亮度降低百分之四十', 'darker', 2],
    ['Could you brighten it up by 20%?', 'brighter', 1],
    ['make it 30% darker', 'darker', 1.5],
    ['brighter by 5%', 'brighter', 0.25],
    // Longest words first: "less saturated" is muted, not "less" beside vivid's "saturated".
    ['less saturated', 'muted', 1],
    ['a bit less saturated', 'muted', 0.5],
    ['less bright', 'darker', 1],
  ])('%s', (text, preset, strength) => {
    expect(graded(text)).toEqual([[preset, strength]]);
  });

  it('gives an amount to the preset of its clause, and refuses one it cannot give to one preset', () => {
    expect(graded('暖一点，亮度提高20%，更鲜艳')).toEqual([
      ['warmer', 0.5],
      ['brighter', 1],
      ['vivid', 1],
    ]);
    expect(graded('亮度提高20%暖一点')).toEqual([
      ['brighter', 1],
      ['warmer', 0.5],
    ]);
    // A level to reach, half of black and white, nothing at all: not an amount of a preset.
    for (const t of ['reduce saturation to 50%', '黑白50%', '亮度提高0%'])
      expect(errorOf(t).code, t).toBe('UNSUPPORTED_INSTRUCTION');
  });

  it('lets degree words stay with their own preset when presets are said side by side', () => {
    expect(graded('饱和度提高对比度拉满')).toEqual([
      ['vivid', 1],
      ['more-contrast', 1.5],
    ]);
    expect(graded('更饱和低对比度')).toEqual([
      ['vivid', 1],
      ['less-contrast', 1],
    ]);
    expect(graded('饱和度高一点对比度低一点')).toEqual([
      ['vivid', 0.5],
      ['less-contrast', 0.5],
    ]);
  });
});
