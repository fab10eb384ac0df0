import { expect } from 'vitest';
import { ScalpelError } from '../src/errors.js';
import { localEngine } from '../src/engines/local.js';
import { route } from '../src/engines/router.js';
import { parseInstruction } from '../src/instruction/parse.js';

/**
 * The error an instruction is refused with in the default configuration (the local engine alone, so
 * new content has no engine); fails the test when it is planned and routed.
 */
export function errorOf(instruction: string): ScalpelError {
  try {
    route(parseInstruction(instruction), [localEngine]);
  } catch (e) {
    expect(e).toBeInstanceOf(ScalpelError);
    return e as ScalpelError;
  }
  throw new Error(`expected "${instruction}" to be refused`);
}
