import type { AdjustPreset } from '../types.js';
import { alternation, COMPLAINTS } from './lexicon.js';

/**
 * Complaints about the whole picture (太暗了, 过曝了, it's too dark, 有点偏黄): what is wrong, read
 * from lexicon/complaints.json, answered with the preset that remedies it. A complaint said 'a bit'
 * (有点暗, a bit dark) asks for half the remedy.
 */

export interface Complaint {
  preset: AdjustPreset;
  strength: number;
  /** Code-unit offset and length of the words in the segment. */
  at: number;
  length: number;
}

const alt = (xs: readonly string[]) => alternation(xs);
const HALF = new RegExp(`^(?:${alt([...COMPLAINTS.half.zh, ...COMPLAINTS.half.en])})`, 'iu');
const DOUBLE = new RegExp(`^(?:${alt([...COMPLAINTS.double.zh, ...COMPLAINTS.double.en])})`, 'iu');

const RES = COMPLAINTS.remedies.map(([preset, w]) => {
  // Degree words may stack (有点太暗); 一点 after the adjective makes it a request (暗一点).
  // 照片非常暗: a plain degree after what it is said of.
  const stated = `(?<=(?:${alt(COMPLAINTS.stated.zh)})(?:看起来|看着|有点|也)?)(?:${alt(COMPLAINTS.stated.degree)})`;
  const zh = `(?:(?:(?:${alt(COMPLAINTS.degree.zh)})+|${stated})(?:${alt(w.adjectives.zh)})(?![一点些])|${alt(w.alone.zh)})`;
  // too cold and blue: one complaint's adjectives listed.
  const adj = `(?:${alt(w.adjectives.en)})(?:\\s*(?:,|and|&)\\s*(?:${alt(w.adjectives.en)}))*`;
  const en = `(?<![a-z])(?:(?:${alt(COMPLAINTS.degree.en)})\\s+(?:${adj})|(?:it|this|that|the\\s+(?:image|photo|picture|shot))?\\s*(?:${alt(COMPLAINTS.copula.en)})\\s+(?:${adj})|${alt(w.alone.en)})(?![a-z])`;
  // 了/啦 after a Chinese complaint belongs to it (太暗了).
  return [preset, new RegExp(`${zh}[了啦]?|${en}`, 'giu')] as const;
});

/** Every complaint in `text`, in sentence order; overlapping ones keep the longest. */
export function findComplaints(text: string): Complaint[] {
  const all: Complaint[] = [];
  for (const [preset, re] of RES) {
    for (const m of text.matchAll(re)) {
      const degree = m[0].replace(/^(?:it|this|that|the\s+\w+)?\s*(?:is|'s|looks?|seems?|feels?)?\s*/iu, '');
      const strength = HALF.test(degree) ? 0.5 : DOUBLE.test(degree) ? 1.5 : 1;
      all.push({ preset, strength, at: m.index, length: m[0].length });
    }
  }
  all.sort((a, b) => b.length - a.length);
  const kept: Complaint[] = [];
  for (const c of all) {
    if (!kept.some((k) => c.at < k.at + k.length && k.at < c.at + c.length)) kept.push(c);
  }
  return kept.sort((a, b) => a.at - b.at);
}
