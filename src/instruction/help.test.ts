import { describe, expect, it } from 'vitest';
import { CONFIGURE_ENGINE, HELP, needsGenerative, SUPPORTED_EXAMPLES, unsupported } from './help.js';
import { parseInstruction } from './parse.js';

describe('help', () => {
  it.each(SUPPORTED_EXAMPLES.map((e) => [e]))('every supported example parses: %s', (example) => {
    expect(parseInstruction(example).steps.length).toBeGreaterThan(0);
  });

  it('the help text names every op', () => {
    for (const word of [
      'replace text',
      'remove',
      'recolour',
      'background',
      'watermark',
      'stickers',
      'tone',
      'questions',
    ]) {
      expect(HELP).toContain(word);
    }
  });

  it('UNSUPPORTED_INSTRUCTION carries the help and the examples', () => {
    const err = unsupported('x', 'Nope.', { intent: 'add' });
    expect(err.code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(err.message).toBe(`Nope. ${HELP}`);
    expect(err.details).toEqual({ instruction: 'x', supported: [...SUPPORTED_EXAMPLES], intent: 'add' });
  });

  it('NEEDS_GENERATIVE_ENGINE says how to configure one', () => {
    const err = needsGenerative('x', 'Drawing a cat', 'Try a sticker.');
    expect(err.code).toBe('NEEDS_GENERATIVE_ENGINE');
    expect(err.status).toBe(422);
    expect(err.message).toBe(
      'Drawing a cat needs a generative engine: the local engine only moves and repaints pixels that are ' +
        `already there. Try a sticker. ${CONFIGURE_ENGINE}`,
    );
    expect(err.details).toEqual({ instruction: 'x', intent: 'generative' });
  });
});
