/**
 * Property-based tests (fast-check): sentences generated from the lexicons (verb × object × place ×
 * politeness × context) must give the plan they say, and no input at all may throw anything but a
 * ScalpelError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../errors.js';
import { COCO_LABELS } from '../perception/labels.js';
import { LEAD, PLACES, VERBS } from './lexicon.js';
import { planInstruction } from './parse.js';

/** Object names the detector knows, in each language, with their class. */
const NAMES = Object.entries(COCO_LABELS).flatMap(([label, n]) => [
  ...n.zh.map((name) => ({ label, name, zh: true })),
  ...n.en.filter((name) => !name.includes('-')).map((name) => ({ label, name, zh: false })),
]);
const ZH_VERBS = VERBS.remove.zh.filter((v) => v !== '去' && v !== '删' && v !== '擦');
const EN_VERBS = ['remove', 'erase', 'delete', 'get rid of', 'take away', 'wipe out'];
const ZH_PLACES = PLACES.filter(([a]) => !a.includes('-')).map(([anchor, w]) => ({ anchor, word: w.zh[0] }));
const EN_PLACES = PLACES.filter(([a]) => !a.includes('-') && a !== 'center').map(([anchor, w]) => ({
  anchor,
  word: w.en[w.en.length - 1],
}));
const POLITE_ZH = ['', '请', '麻烦', '帮我', '请帮我'];
const TAIL_ZH = ['', '吧', '一下', '，谢谢', '！', '。'];
const POLITE_EN = ['', 'please ', 'can you ', 'pls ', 'I want to '];
const TAIL_EN = ['', ', thanks', '!', ' please', '.'];

function plan(text: string, ctx = {}) {
  return planInstruction(text, { context: ctx, maxLength: 400 });
}

describe('generated removals', () => {
  it('zh: [请]把[左边的]X去掉[吧] removes X, picked by the place', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES.filter((n) => n.zh)),
        fc.constantFrom(...ZH_VERBS),
        fc.option(fc.constantFrom(...ZH_PLACES), { nil: undefined }),
        fc.constantFrom(...POLITE_ZH),
        fc.constantFrom(...TAIL_ZH),
        fc.boolean(),
        (noun, verb, place, polite, tail, ba) => {
          const target = `${place ? `${place.word}的` : ''}${noun.name}`;
          const text = ba ? `${polite}把${target}${verb}${tail}` : `${polite}${verb}${target}${tail}`;
          const steps = plan(text).steps;
          expect(steps, text).toHaveLength(1);
          expect(steps[0], text).toMatchObject({
            op: 'remove',
            target: {
              kind: 'object',
              label: noun.label,
              ...(place ? { pick: { by: 'position', anchor: place.anchor } } : {}),
            },
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('en: [please] remove the X [on the left][, thanks] removes X, picked by the place', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES.filter((n) => !n.zh)),
        fc.constantFrom(...EN_VERBS),
        fc.option(fc.constantFrom(...EN_PLACES), { nil: undefined }),
        fc.constantFrom(...POLITE_EN),
        fc.constantFrom(...TAIL_EN),
        (noun, verb, place, polite, tail) => {
          const text = `${polite}${verb} the ${noun.name}${place ? ` on the ${place.word}` : ''}${tail}`;
          const steps = plan(text).steps;
          expect(steps, text).toHaveLength(1);
          expect(steps[0], text).toMatchObject({
            op: 'remove',
            target: {
              kind: 'object',
              label: noun.label,
              ...(place ? { pick: { by: 'position', anchor: place.anchor } } : {}),
            },
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('with a mask, a bare removal verb acts on the mask; without one it asks for a mask', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZH_VERBS, ...EN_VERBS),
        fc.constantFrom(...POLITE_ZH),
        (verb, polite) => {
          expect(plan(`${polite}${verb}`, { mask: true }).steps[0]).toMatchObject({
            op: 'remove',
            target: { kind: 'mask' },
          });
          expect(() => plan(`${polite}${verb}`)).toThrow(
            expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('generated questions', () => {
  it('zh and en questions about any COCO object ask about that class', () => {
    const zh = [
      '图中有没有{}？',
      '照片里有{}吗',
      '能看到{}吗',
      '{}在哪里',
      '请问图片中是否有{}',
      '看得到{}吗',
      '有{}没',
    ];
    const en = [
      'Is there a {}?',
      'Are there any {} in the photo?',
      'Can you see a {}?',
      'Where is the {}?',
      'do you notice any {}?',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.nat(), (noun, k) => {
        const forms = noun.zh ? zh : en;
        const text = forms[k % forms.length].replace('{}', noun.name);
        expect(plan(text).steps, text).toEqual([
          expect.objectContaining({ op: 'query', target: expect.objectContaining({ object: noun.label }) }),
        ]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('any input', () => {
  const safe = (text: string, ctx: { mask?: boolean; asset?: boolean }) => {
    try {
      plan(text, ctx);
    } catch (err) {
      expect(err, JSON.stringify(text.slice(0, 80))).toBeInstanceOf(ScalpelError);
    }
  };
  const ctx = fc.record({ mask: fc.boolean(), asset: fc.boolean() });

  it('random Unicode, of any length up to 10 000 characters, throws only ScalpelErrors', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), ctx, safe), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 10_000 }), ctx, safe), { numRuns: 30 });
  });

  it('control characters, quotes and lexicon words shuffled together throw only ScalpelErrors', () => {
    const pieces = [
      '\u0000',
      '\u202e',
      '\n',
      "'",
      '"',
      '“',
      '」',
      '把',
      '改成',
      '去掉',
      'remove',
      'the',
      '右下角',
      '人',
      '红色',
      '？',
      ...LEAD.zh.slice(0, 5),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((a) => a.join('')),
        ctx,
        safe,
      ),
      {
        numRuns: 500,
      },
    );
  });
});
