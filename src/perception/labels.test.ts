import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COCO_LABELS, namesOf, objectLabel } from './labels.js';

describe('COCO lexicon', () => {
  it('covers exactly the detector’s 80 classes, each with a Chinese and an English name', () => {
    // The labels as human's centernet post-processing spells them (plus its own 'hand' class).
    const require = createRequire(import.meta.url);
    const bundle = readFileSync(
      path.join(path.dirname(require.resolve('@vladmandic/human')), 'human.node-wasm.js'),
      'utf8',
    );
    const shipped = new Set([...bundle.matchAll(/label:"([a-z ]+)"/g)].map((m) => m[1]));
    shipped.delete('hand');
    expect(shipped.size).toBe(80);
    expect(new Set(Object.keys(COCO_LABELS))).toEqual(shipped);
    for (const [label, names] of Object.entries(COCO_LABELS)) {
      expect(names.zh.length, label).toBeGreaterThan(0);
      expect(names.en.length, label).toBeGreaterThan(0);
    }
  });

  it('never gives one name to two classes', () => {
    const seen = new Map<string, string>();
    for (const label of Object.keys(COCO_LABELS)) {
      for (const name of new Set([label, ...namesOf(label)].map((s) => s.toLowerCase()))) {
        expect(seen.get(name), `${name}: ${seen.get(name)} and ${label}`).toBeUndefined();
        seen.set(name, label);
      }
    }
  });

  it.each([
    ['人', 'person'],
    ['路人', 'person'],
    ['行人', 'person'],
    ['模特', 'person'],
    ['people', 'person'],
    ['Woman', 'person'],
    ['小狗', 'dog'],
    ['puppies', 'dog'],
    ['猫咪', 'cat'],
    ['kittens', 'cat'],
    ['轿车', 'car'],
    ['cars', 'car'],
    ['咖啡杯', 'cup'],
    ['mugs', 'cup'],
    ['buses', 'bus'],
    ['knives', 'knife'],
    ['hair  dryer', 'hair drier'],
    ['手机', 'cell phone'],
    ['sofa', 'couch'],
  ])('%s → %s', (word, label) => {
    expect(objectLabel(word)).toBe(label);
  });

  it('knows nothing outside COCO', () => {
    for (const word of ['unicorn', '独角兽', 'tree', '树', '', 'price'])
      expect(objectLabel(word)).toBeUndefined();
  });
});
