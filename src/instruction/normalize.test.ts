import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../errors.js';
import { codePointLength, normalizeInstruction } from './normalize.js';

function errorOf(fn: () => unknown): ScalpelError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScalpelError);
    return e as ScalpelError;
  }
  throw new Error('expected a ScalpelError');
}

describe('normalizeInstruction', () => {
  it('trims and collapses whitespace runs, including newlines, tabs and the ideographic space', () => {
    expect(normalizeInstruction('  把 \t "A"\n\n改成　　"B"  ')).toBe('把 "A" 改成 "B"');
  });

  it('folds full-width forms: ￥ → ¥, ＂＇ → ASCII quotes, letters, digits, punctuation', () => {
    expect(normalizeInstruction('把“￥１９９”改成“￥169”')).toBe('把“¥199”改成“¥169”');
    expect(normalizeInstruction('把＂Ａ＂改成＇Ｂ＇，加粗；放大')).toBe('把"A"改成\'B\',加粗;放大');
    expect(normalizeInstruction('Ｃｈａｎｇｅ')).toBe('Change');
  });

  it('leaves curly and CJK quotes alone', () => {
    const quotes = '‘a’“b”「c」『d』《e》';
    expect(normalizeInstruction(quotes)).toBe(quotes);
  });

  it('keeps characters whose compatibility form would change the rendered text', () => {
    expect(normalizeInstruction('把"50m²"改成"80㎡"')).toBe('把"50m²"改成"80㎡"');
    expect(normalizeInstruction('把"①½™℃Ⅱ……"改成"x"')).toBe('把"①½™℃Ⅱ……"改成"x"');
  });

  it('composes decomposed accents (NFC)', () => {
    expect(normalizeInstruction('cafe\u0301')).toBe('café');
  });

  it('drops zero-width spaces and BOMs pasted along with the text', () => {
    expect(normalizeInstruction('\ufeff把"A\u200b"改成"B"')).toBe('把"A"改成"B"');
  });

  it('rejects control characters other than whitespace', () => {
    const err = errorOf(() => normalizeInstruction('把"A"\u0007改成"B"'));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.stage).toBe('parse');
    expect(err.details).toEqual({ codePoint: 'U+0007', index: 4 });
    expect(errorOf(() => normalizeInstruction('a\u202eb')).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => normalizeInstruction('a\u0000b')).code).toBe('INVALID_ARGUMENT');
  });

  it('throws EMPTY_INSTRUCTION for empty or whitespace-only input', () => {
    for (const raw of ['', '   ', '\n\t ', '　', '\u200b']) {
      const err = errorOf(() => normalizeInstruction(raw));
      expect(err.code).toBe('EMPTY_INSTRUCTION');
      expect(err.stage).toBe('parse');
    }
  });

  it('accepts exactly 200 characters and rejects 201 with {length, max}', () => {
    expect(normalizeInstruction('字'.repeat(200))).toBe('字'.repeat(200));
    const err = errorOf(() => normalizeInstruction('字'.repeat(201)));
    expect(err.code).toBe('INSTRUCTION_TOO_LONG');
    expect(err.stage).toBe('parse');
    expect(err.details).toEqual({ length: 201, max: 200 });
  });

  it('measures length after normalisation and in code points', () => {
    // Surrounding whitespace does not count; an astral character counts once.
    expect(normalizeInstruction(`   ${'a'.repeat(10)}   `, 10)).toBe('a'.repeat(10));
    expect(normalizeInstruction('𠀀'.repeat(10), 10)).toBe('𠀀'.repeat(10));
    expect(codePointLength('𠀀a')).toBe(2);
  });

  it('honours a custom maxLength', () => {
    const err = errorOf(() => normalizeInstruction('abcdef', 5));
    expect(err.code).toBe('INSTRUCTION_TOO_LONG');
    expect(err.details).toEqual({ length: 6, max: 5 });
    expect(normalizeInstruction('a'.repeat(150), 200)).toHaveLength(150);
  });

  it('rejects a nonsensical maxLength', () => {
    expect(errorOf(() => normalizeInstruction('a', 0)).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => normalizeInstruction('a', 1.5)).code).toBe('INVALID_ARGUMENT');
  });
});
