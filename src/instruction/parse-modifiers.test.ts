import { describe, expect, it } from 'vitest';
import { GOLD_GRADIENT, RED, step } from '../../test/fixtures/plans.js';
import type { ReplaceTextStep } from '../types.js';
import { parseInstruction } from './index.js';

describe('parseInstruction: modifiers', () => {
  it.each<[string, ReplaceTextStep['params']]>([
    ["把'A'改成'B'，颜色改为红色", { text: 'B', color: RED }],
    [
      "把'A'改成'B'，字体改成金色",
      { text: 'B', color: { kind: 'solid', rgb: [212, 175, 55], name: 'gold' } },
    ],
    ["把'A'改成'B'，变成渐变金色", { text: 'B', color: GOLD_GRADIENT }],
    ["把'A'改成'B'，红色字体", { text: 'B', color: RED }],
    ["把'A'改成红色的'B'", { text: 'B', color: RED }],
    ["把'A'改成'B'，深蓝", { text: 'B', color: { kind: 'solid', rgb: [0, 32, 96], name: 'navy' } }],
    ["Change 'A' to 'B' in red", { text: 'B', color: RED }],
    ["Change 'A' to 'B' and make it red", { text: 'B', color: RED }],
    [
      "Change 'A' to 'B', color #ff0000",
      { text: 'B', color: { kind: 'solid', rgb: [255, 0, 0], name: '#ff0000' } },
    ],
    ["Change 'A' to 'B' in gold gradient", { text: 'B', color: GOLD_GRADIENT }],
    ["把'A'改成'B'，加粗", { text: 'B', bold: true }],
    ["把'A'改成'B'，粗体", { text: 'B', bold: true }],
    ["Change 'A' to 'B', bold", { text: 'B', bold: true }],
    ["把'A'改成'B'，放大", { text: 'B', scale: 1.25 }],
    ["把'A'改成'B'，大一点", { text: 'B', scale: 1.25 }],
    ["Change 'A' to 'B', bigger", { text: 'B', scale: 1.25 }],
    ["Change 'A' to 'B' and make it larger", { text: 'B', scale: 1.25 }],
    ["把'A'改成'B'，缩小", { text: 'B', scale: 0.8 }],
    ["把'A'改成'B'，小一点", { text: 'B', scale: 0.8 }],
    ["Change 'A' to 'B', smaller", { text: 'B', scale: 0.8 }],
    ["把'A'改成'B'，保持原有倾斜角度", { text: 'B' }],
    ["把'A'改成'B'，保持角度", { text: 'B' }],
    ["Change 'A' to 'B' and keep the angle", { text: 'B' }],
    ["把'A'改成'B'，字体颜色变红，加粗并放大一点", { text: 'B', color: RED, bold: true, scale: 1.25 }],
    ["Replace 'A' with 'B' in bold red, a bit bigger", { text: 'B', color: RED, bold: true, scale: 1.25 }],
  ])('%s', (raw, params) => {
    expect(parseInstruction(raw).steps).toEqual([step('A', params)]);
  });
});

describe('parseInstruction: several clauses', () => {
  it('makes one step per clause; a modifier attaches to the clause it follows', () => {
    expect(parseInstruction("把'A'改成'B'，把'C'改成'D'，字体颜色变红").steps).toEqual([
      step('A', { text: 'B' }),
      step('C', { text: 'D', color: RED }),
    ]);
    expect(parseInstruction("把'A'改成'B'，加粗；把'C'改成'D'，变红").steps).toEqual([
      step('A', { text: 'B', bold: true }),
      step('C', { text: 'D', color: RED }),
    ]);
  });

  it.each([
    "把'A'改成'B'，'C'改成'D'",
    "把'A'改成'B'；把'C'改成'D'。",
    "把'A'改成'B'和把'C'改成'D'",
    "把'A'改成'B'以及把'C'改成'D'",
    "把'A'改成'B'并且把'C'改成'D'",
    "Change 'A' to 'B' and change 'C' to 'D'",
    "Change 'A' to 'B', then replace 'C' with 'D'",
    "Change 'A' to 'B' and then 'C' to 'D'",
    "'A' -> 'B', 'C' -> 'D'",
  ])('%s', (raw) => {
    expect(parseInstruction(raw).steps).toEqual([step('A', { text: 'B' }), step('C', { text: 'D' })]);
  });

  it('applies 都 / both to every clause so far', () => {
    expect(parseInstruction("把'A'改成'B'，把'C'改成'D'，都变成红色").steps).toEqual([
      step('A', { text: 'B', color: RED }),
      step('C', { text: 'D', color: RED }),
    ]);
    expect(parseInstruction("Change 'A' to 'B' and 'C' to 'D', make both bold").steps).toEqual([
      step('A', { text: 'B', bold: true }),
      step('C', { text: 'D', bold: true }),
    ]);
  });
});

describe('parseInstruction: modifier attachment edge cases', () => {
  it('reads 并把颜色改成红色 as a modifier, but not 把红色的"C" (a target description)', () => {
    expect(parseInstruction("把'A'改成'B'，并把颜色改成红色").steps).toEqual([
      step('A', { text: 'B', color: RED }),
    ]);
    expect(() => parseInstruction("把'A'改成'B'，把红色的'C'改成'D'")).toThrow(/Could not understand "把"/);
  });

  it('accepts 改"A"为"B"', () => {
    expect(parseInstruction("改'A'为'B'，加粗").steps).toEqual([step('A', { text: 'B', bold: true })]);
  });
});
