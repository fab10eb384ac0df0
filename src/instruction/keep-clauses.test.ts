/**
 * Clauses asking to leave something alone: any edit the grammar reads, with any such clause before
 * or after it (generated, fast-check), is the same plan with the clause in `kept`; one that names
 * what a step changes is refused as a contradiction; negated edits stay refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describePlan } from './describe.js';
import { keepOf } from './keep-clauses.js';
import { planInstruction } from './parse.js';

const EDITS = [
  '把杯子换成蓝色',
  "把'¥199'改成'¥169'",
  '去掉右下角的水印',
  '背景换成纯白',
  '把狗去掉',
  'make the cup red',
  'remove the watermark',
  'replace the background with white',
];
const REST_ZH = [
  '其他地方不要动',
  '其他的都不要动',
  '其余部分保持不变',
  '别动其他地方',
  '其他保持原样',
  '其它地方别改',
  '剩下的不用动',
  '不要改变其他地方',
  '其他区域都不要碰哦',
];
const REST_EN = [
  'leave everything else as is',
  "don't touch anything else",
  'keep the rest unchanged',
  'do not change anything else',
  'leave the rest alone',
  'keep everything else the same please',
];
/** Kept things none of EDITS changes, except where a test says so. */
const THINGS_ZH = ['人物保持不变', '模特不要动', '不要动人物'];
const THINGS_EN = ['keep the person unchanged', "don't touch the person"];

const KEEPS = [...REST_ZH, ...REST_EN, ...THINGS_ZH, ...THINGS_EN];

describe('keep clauses', () => {
  it('are told from negated edits and from removals said with 不要', () => {
    for (const k of KEEPS) expect(keepOf(k), k).toBeDefined();
    for (const c of [
      '不要变红',
      '背景不要了',
      '杯子不要变红',
      "don't make it red",
      '不要太亮',
      'keep it warm',
    ])
      expect(keepOf(c), c).toBeUndefined();
  });

  it('add no step to any edit, before or after it, and are kept in the plan', () => {
    const joins = ['，', '；', ', ', '。'];
    fc.assert(
      fc.property(
        fc.constantFrom(...EDITS),
        fc.constantFrom(...KEEPS),
        fc.constantFrom(...joins),
        fc.boolean(),
        (edit, keep, join, first) => {
          const alone = planInstruction(edit);
          const both = planInstruction(first ? `${keep}${join}${edit}` : `${edit}${join}${keep}`);
          expect(both.steps).toEqual(alone.steps);
          expect(both.kept).toEqual([keep]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('join an English edit with but, and, or without', () => {
    for (const s of [
      'make the cup red but keep everything else unchanged',
      'remove the watermark and leave the rest alone',
      'replace the background with white without changing anything else',
      "remove the dog. Don't touch anything else",
    ]) {
      const plan = planInstruction(s);
      expect(plan.steps, s).toHaveLength(1);
      expect(plan.kept, s).toHaveLength(1);
    }
  });

  it('keep quoted text whole, and let a step take one of the things kept', () => {
    const quoted = planInstruction(
      'add the text "Stay and keep smiling" in the bottom right, leave everything else as is',
    );
    expect(JSON.stringify(quoted.steps)).toContain('Stay and keep smiling');
    expect(planInstruction('去掉左边的狗，狗狗别动').kept).toEqual(['狗狗别动']);
    expect(planInstruction('右下角加上文字“新品”，其他地方不要动').kept).toEqual(['其他地方不要动']);
    expect(planInstruction('把杯子换成蓝色，其他什么都不要动').kept).toEqual(['其他什么都不要动']);
  });

  it('are refused when they name what a step changes', () => {
    for (const s of [
      '把背景换成白色，背景不要动',
      '把杯子换成蓝色，杯子不要动',
      '暖一点，背景保持不变',
      // An overlay may land on it.
      '右下角加上文字“新品”，人物不要动',
    ])
      expect(() => planInstruction(s), s).toThrow(/change something and to leave it alone/);
  });

  it('are shown in the plan in words', () => {
    const plan = planInstruction('把杯子换成蓝色，其他地方不要动');
    expect(describePlan(plan).at(-1)).toContain('其他地方不要动');
    expect(describePlan(plan, 'zh').at(-1)).toMatch(/保持原样.*其他地方不要动/);
  });
});
