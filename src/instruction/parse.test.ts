import { describe, expect, it } from 'vitest';
import { GOLD_GRADIENT, RED, step } from '../../test/fixtures/plans.js';
import type { EditPlan } from '../types.js';
import { normalizeInstruction, parseColor, parseInstruction } from './index.js';

describe('parseInstruction: the article examples', () => {
  it("把'¥199'改成'¥169'，字体颜色变红", () => {
    expect(parseInstruction("把'¥199'改成'¥169'，字体颜色变红")).toEqual<EditPlan>({
      version: 1,
      instruction: "把'¥199'改成'¥169',字体颜色变红",
      steps: [step('¥199', { text: '¥169', color: RED })],
    });
  });

  it("将'限时抢购'改为'新品首发'，字体颜色变为渐变金色，保持原有倾斜角度", () => {
    expect(
      parseInstruction("将'限时抢购'改为'新品首发'，字体颜色变为渐变金色，保持原有倾斜角度"),
    ).toEqual<EditPlan>({
      version: 1,
      instruction: "将'限时抢购'改为'新品首发',字体颜色变为渐变金色,保持原有倾斜角度",
      steps: [step('限时抢购', { text: '新品首发', color: GOLD_GRADIENT })],
    });
  });

  it('normalises full-width ￥ in the quoted texts', () => {
    expect(parseInstruction('把“￥199”改成“￥169”')).toEqual<EditPlan>({
      version: 1,
      instruction: '把“¥199”改成“¥169”',
      steps: [step('¥199', { text: '¥169' })],
    });
  });
});

describe('parseInstruction: phrasings', () => {
  it.each([
    '把‘A’改成‘B’',
    '把“A”改为“B”',
    '将“A”改为“B”',
    '把「A」换成「B」',
    '把『A』换成『B』',
    '把《A》改成《B》',
    "把'A'替换为'B'",
    '把"A"改成"B"',
    '把＂A＂改成＂B＂',
    '“A”改成“B”',
    '将文字“A”修改为“B”',
    '请把“A”改成“B”，谢谢',
    '用“B”替换“A”',
    'Change "A" to "B"',
    "Replace 'A' with 'B'",
    'change the text "A" into "B"',
    '"A" -> "B"',
    'replace "A" by "B"',
    'Please change "A" to "B".',
  ])('%s', (raw) => {
    expect(parseInstruction(raw).steps).toEqual([step('A', { text: 'B' })]);
  });

  it('keeps the instruction in normalised form', () => {
    expect(parseInstruction('  Change  "A"\nto "B"  ').instruction).toBe('Change "A" to "B"');
  });

  it('reads quoted colour words and verbs as text, not as modifiers', () => {
    expect(parseInstruction("把'红色'改成'蓝色'").steps).toEqual([step('红色', { text: '蓝色' })]);
    expect(parseInstruction("把'加粗'改成'放大'").steps).toEqual([step('加粗', { text: '放大' })]);
    expect(parseInstruction('Change "make it red" to "bold"').steps).toEqual([
      step('make it red', { text: 'bold' }),
    ]);
    expect(parseInstruction("把'红色'改成'蓝色'，字体颜色变红").steps).toEqual([
      step('红色', { text: '蓝色', color: RED }),
    ]);
  });

  it('keeps text with spaces, apostrophes and nested quotes', () => {
    expect(parseInstruction("Change 'don't miss' to 'last chance'").steps).toEqual([
      step("don't miss", { text: 'last chance' }),
    ]);
    expect(parseInstruction('把“‘爆款’直降”改成“新品”').steps).toEqual([
      step('‘爆款’直降', { text: '新品' }),
    ]);
  });
});

describe('index', () => {
  it('re-exports the public functions', () => {
    expect(normalizeInstruction(' a ')).toBe('a');
    expect(parseColor('red')).toEqual(RED);
  });
});

describe('parseInstruction: which occurrence', () => {
  it.each([
    ["把第二个'¥199'改成'¥169'", 2],
    ["把第2处'¥199'改为'¥169'", 2],
    ["将最后一个'¥199'改成'¥169'", -1],
    ['Change the second "¥199" to "¥169"', 2],
    ['Replace the last "¥199" with "¥169"', -1],
    ['change the 3rd "¥199" to "¥169"', 3],
  ])('%s → nth %d', (instruction, nth) => {
    expect(parseInstruction(instruction).steps[0].target).toEqual({ text: '¥199', nth });
  });

  it('without an ordinal every occurrence is meant', () => {
    expect(parseInstruction("把'¥199'改成'¥169'").steps[0].target).toEqual({ text: '¥199' });
  });
});
