import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../errors.js';
import { parseInstruction } from './index.js';
import { SUPPORTED_EXAMPLES } from './parse.js';

function errorOf(raw: string, opts?: { maxLength?: number }): ScalpelError {
  try {
    parseInstruction(raw, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ScalpelError);
    return e as ScalpelError;
  }
  throw new Error(`expected "${raw}" to be rejected`);
}

describe('parseInstruction: errors', () => {
  it('rejects nonsense with UNSUPPORTED_INSTRUCTION and the supported phrasings', () => {
    const err = errorOf('make it sing');
    expect(err.code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(err.stage).toBe('parse');
    expect(err.message).toMatch(
      /^Could not understand the instruction\. (?:.* )?Every supported form: scalpel --help, or \/docs\.$/,
    );
    expect(err.details).toEqual({ instruction: 'make it sing', supported: [...SUPPORTED_EXAMPLES] });
  });

  it('names the words it did not understand', () => {
    for (const [raw, word] of [
      ["把'A'改成'B'，字体改成黑体", '黑体'],
      ["把'A'改成'B'，不要变红", '不'],
      ["Change 'A' to 'B', don't make it red", "don't"],
      ["Change 'A' to 'B' and make it sing", 'sing'],
      ["把'A'改成'B'，'C'", '"…"'],
    ]) {
      const err = errorOf(raw);
      expect(err.code, raw).toBe('UNSUPPORTED_INSTRUCTION');
      expect(err.message, raw).toContain(`Could not understand "${word}"`);
      expect(err.details.unrecognized, raw).toBe(word);
    }
  });

  it('asks for quotes when unquoted texts hold words the lexicons know', () => {
    const err = errorOf('把那栏改成新的');
    expect(err.code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(err.message).toMatch(/^Put the old and the new text in quotes/);
  });

  it('refuses modifiers before the first clause (they could describe the old text)', () => {
    expect(errorOf("红色的'A'改成'B'").code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(errorOf("把红色的'A'改成'B'").code).toBe('UNSUPPORTED_INSTRUCTION');
  });

  it('reports an unclosed quote', () => {
    const err = errorOf('把"A"改成"B');
    expect(err.code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(err.details).toMatchObject({ quote: '"', index: 6 });
  });

  it('refuses an empty new text: removal is not supported yet', () => {
    const err = errorOf("把'A'改成''");
    expect(err.code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(err.message).toMatch(/^Removing text .* is not supported yet/);
    expect(errorOf("把''改成'B'").code).toBe('UNSUPPORTED_INSTRUCTION');
  });

  it('refuses identical old and new text with INVALID_ARGUMENT', () => {
    const err = errorOf("把'A'改成'A'");
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.stage).toBe('parse');
    expect(err.message).toMatch(/old and new text are the same/);
  });

  it('refuses contradictions with INVALID_ARGUMENT', () => {
    expect(errorOf("把'A'改成'B'，红色，蓝色").code).toBe('INVALID_ARGUMENT');
    expect(errorOf("把'A'改成'B'，放大，缩小").code).toBe('INVALID_ARGUMENT');
    expect(errorOf("把'A'改成红色的'B'，变蓝").code).toBe('INVALID_ARGUMENT');
    expect(errorOf("把'A'改成'B'，加粗，把'A'改成'C'").code).toBe('INVALID_ARGUMENT');
  });

  it('passes on EMPTY_INSTRUCTION and INSTRUCTION_TOO_LONG', () => {
    expect(errorOf('   ').code).toBe('EMPTY_INSTRUCTION');
    const long = `把'A'改成'${'B'.repeat(193)}'`;
    expect([...long]).toHaveLength(201);
    const err = errorOf(long);
    expect(err.code).toBe('INSTRUCTION_TOO_LONG');
    expect(err.details).toEqual({ length: 201, max: 200 });
    expect(parseInstruction(long, { maxLength: 201 }).steps).toHaveLength(1);
    expect(errorOf("把'A'改成'B'", { maxLength: 5 }).details).toEqual({ length: 9, max: 5 });
  });
});
