import { describe, expect, it } from 'vitest';
import { CONFIGURE_ENGINE } from './help.js';
import { needsNewContent } from './generative.js';
import { plannedIntent } from './intents.js';
import { parseInstruction } from './parse.js';
import { errorOf } from '../../test/refusal.js';

describe('intents', () => {
  // These were refused as "not supported yet" before the object-level grammars; now they parse.
  it.each([
    ['去掉这个人', 'remove'],
    ['remove the watermark', 'remove'],
    ['把杯子换成蓝色，保持光影一致', 'recolor'],
    ['make the cup blue', 'recolor'],
    ['背景换成纯白', 'replace-background'],
    ['右下角加上LOGO，留白10%', 'add'],
    ['让客厅更通透一些', 'adjust'],
    ['暖一点', 'adjust'],
  ])('%s is classified as %s, and now parses into that op', (instruction, op) => {
    expect(plannedIntent(instruction)?.op).toBe(op);
    expect(parseInstruction(instruction).steps.map((s) => s.op)).toEqual([op]);
  });

  it('a recognised edit that no grammar reads in full names the words and the intent', () => {
    const err = errorOf('去掉那个东西');
    expect(err.code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(err.details).toMatchObject({ intent: 'remove', object: '那个东西' });
    const neg = errorOf('不要去掉水印');
    expect(neg.details).toMatchObject({ intent: 'remove', unrecognized: '不要去掉水印' });
    expect(neg.message).toMatch(/^Could not understand "不要去掉水印" \(removing/);
  });

  it.each([
    '布料变皮革',
    '换装',
    '模特换成亚洲女性',
    '加入樱花元素',
    '背景加入樱花元素',
    '在画面中融入樱花',
    'add cherry blossoms into the scene',
    '把沙发换成红色皮革',
    '把这个杯子换成陶瓷款，背景虚化',
    "将标题改为'Spring Sale'模特换成亚洲女性背景加入樱花元素",
    "把'A'改成'B'，模特换成亚洲女性",
  ])('new content needs a generative engine, and says how to configure one: %s', (instruction) => {
    const err = errorOf(instruction);
    expect(err.code).toBe('NEEDS_GENERATIVE_ENGINE');
    expect(err.details).toMatchObject({ intent: 'generative' });
    expect(err.message).toContain(CONFIGURE_ENGINE);
    expect(err.message).toContain('DASHSCOPE_API_KEY');
  });

  it('needsNewContent draws the line between an overlay and content drawn into the scene', () => {
    expect(needsNewContent('加几朵樱花')).toBe(false);
    expect(needsNewContent('加入樱花元素')).toBe(true);
    expect(needsNewContent('add cherry blossoms')).toBe(false);
    expect(needsNewContent('add cherry blossoms in the scene')).toBe(true);
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
