/**
 * Property-based tests of the loose reading (fast-check): descriptions, complaints and contrasts
 * generated from the lexicons — any COCO name × any complaint word × any place × any colour pair —
 * must give the plan they mean, and describing words around them change nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COCO_LABELS } from '../perception/labels.js';
import { LOOSE, PLACES } from './lexicon.js';
import { parseColor } from './colors.js';
import { planInstruction } from './parse.js';

/** Names that are one word and name nothing else (a colour, a lexicon verb). */
const NAMES = Object.entries(COCO_LABELS).flatMap(([label, n]) => [
  ...n.zh.filter((name) => !parseColor(name)).map((name) => ({ label, name, zh: true })),
  ...n.en
    .filter((name) => /^[a-z]+$/.test(name) && !parseColor(name) && name.length > 2)
    .map((name) => ({ label, name, zh: false })),
]);
// Complaints said of the thing as adjectives (那个杯子好碍眼), from the lexicon.
const ZH_UNWANTED = LOOSE.unwanted.zh.filter((w) =>
  ['碍眼', '扎眼', '多余', '难看', '抢镜', '煞风景'].includes(w),
);
const EN_UNWANTED = ['has to go', 'needs to go', 'is distracting', 'ruins the shot', "shouldn't be there"];
const ZH_PLACES = PLACES.filter(([a]) => a.includes('-')).map(([anchor, w]) => ({ anchor, word: w.zh[0] }));
const EN_PLACES = PLACES.filter(([a]) => a.includes('-')).map(([anchor]) => ({
  anchor,
  word: anchor.replace('-', ' '),
}));
const COLORS = ['red', 'blue', 'green', 'yellow', 'purple', 'pink', 'black', 'white', 'navy', 'gold'];
const DESCRIBING_ZH = ['', '那个', '那个有点糊的', '角落里那个', '后面那个'];
const DESCRIBING_EN = ['', 'random ', 'blurry ', 'ugly little '];

const plan = (text: string) => planInstruction(text, { maxLength: 400 });

describe('generated loose readings', () => {
  it('zh: [place的][describing]X好<complaint>啊 removes X at that place', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES.filter((n) => n.zh)),
        fc.constantFrom(...ZH_UNWANTED),
        fc.option(fc.constantFrom(...ZH_PLACES), { nil: undefined }),
        fc.constantFrom(...DESCRIBING_ZH),
        (noun, complaint, place, describing) => {
          const text = `${place ? `${place.word}` : ''}${describing}${noun.name}好${complaint}啊`;
          const steps = plan(text).steps;
          expect(steps, text).toHaveLength(1);
          expect(steps[0], text).toMatchObject({
            op: 'remove',
            target: {
              kind: 'object',
              label: noun.label,
              ...(place ? { pick: { anchor: place.anchor } } : {}),
            },
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("en: there's a [describing]X in the <place>, <complaint> / lose it removes X there", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES.filter((n) => !n.zh)),
        fc.constantFrom(...EN_UNWANTED),
        fc.constantFrom(...EN_PLACES),
        fc.constantFrom(...DESCRIBING_EN),
        fc.boolean(),
        (noun, complaint, place, describing, back) => {
          const text = back
            ? `there's a ${describing}${noun.name} in the ${place.word}, lose it`
            : `the ${describing}${noun.name} in the ${place.word} ${complaint}`;
          const steps = plan(text).steps;
          expect(steps, text).toHaveLength(1);
          expect(steps[0], text).toMatchObject({
            op: 'remove',
            target: { kind: 'object', label: noun.label, pick: { anchor: place.anchor } },
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the X should be <c1>, not <c2> recolours X to c1, in either language', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES),
        fc.constantFrom(...COLORS),
        fc.constantFrom(...COLORS),
        (noun, want, was) => {
          fc.pre(want !== was);
          const zhColor = (c: string) => parseColor(c) && c;
          const text = noun.zh
            ? `${noun.name}要是${zhColor(want)}就好了，而不是${was}`
            : `the ${noun.name} should be ${want}, not ${was}`;
          const steps = plan(text).steps;
          expect(steps, text).toHaveLength(1);
          expect(steps[0], text).toMatchObject({
            op: 'recolor',
            target: { label: noun.label },
            params: { color: { name: parseColor(want)?.name } },
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
