import { describe, expect, it } from 'vitest';
import {
  CONFIGURE_ENGINE,
  needsGenerative,
  SUPPORTED_EXAMPLES,
  SUPPORTED_FORMS,
  unsupported,
} from './help.js';
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
      expect(SUPPORTED_FORMS).toContain(word);
    }
  });

  it('UNSUPPORTED_INSTRUCTION is short: the reason, where the full list is, and the examples in details', () => {
    const err = unsupported('x', 'Nope.', { intent: 'add' });
    expect(err.code).toBe('UNSUPPORTED_INSTRUCTION');
    expect(err.message).toBe('Nope. Every supported form: scalpel --help, or /docs.');
    expect(err.details).toEqual({ instruction: 'x', supported: [...SUPPORTED_EXAMPLES], intent: 'add' });
  });

  it("names the closest supported form in the user's own words", () => {
    expect(unsupported('把限时抢购改成新品首发', 'Put the texts in quotes.').message).toContain(
      'Did you mean: 把"限时抢购"改成"新品首发"?',
    );
    expect(unsupported('change big sale to new arrivals', 'Quotes?').message).toContain(
      'Did you mean: Change "big sale" to "new arrivals"?',
    );
    expect(unsupported('把杯子弄得更好看', 'Could not understand.').message.length).toBeLessThan(200);
  });

  it('NEEDS_GENERATIVE_ENGINE says how to configure one', () => {
    const err = needsGenerative('x', 'Drawing a cat', 'Try a sticker.');
    expect(err.code).toBe('NEEDS_GENERATIVE_ENGINE');
    expect(err.status).toBe(422);
    expect(err.message).toBe(
      'Drawing a cat needs a generative engine: the local engine only moves and repaints pixels that are ' +
        `already there. Try a sticker. ${CONFIGURE_ENGINE}`,
    );
    // The plan's edit step carries `why`, shown when routing finds no engine to draw it.
    expect(err.details).toEqual({
      instruction: 'x',
      intent: 'generative',
      why: 'Drawing a cat. Try a sticker.',
    });
  });
});
