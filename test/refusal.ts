import { expect } from 'vitest';
import { ScalpelError } from '../src/errors.js';
import { parseInstruction } from '../src/instruction/parse.js';

/** The error an instruction is refused with; fails the test when it parses. */
export function errorOf(instruction: string): ScalpelError {
  try {
    parseInstruction(instruction);
  } catch (e) {
    expect(e).toBeInstanceOf(ScalpelError);
    return e as ScalpelError;
  }
  throw new Error(`expected "${instruction}" to be refused`);
}
