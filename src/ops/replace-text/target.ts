import type { TextMatch } from '../../grounding/text.js';
import { priceLike } from '../../grounding/text-role.js';
import type { Quad, ReplaceTextStep } from '../../types.js';

/** What grounding hands this op: one occurrence of the old text in one OCR line. */
export interface TextTarget {
  quad: Quad;
  lineText: string;
  /** Code-point range of the old text inside lineText. */
  start: number;
  end: number;
  /** Centre of each character along the quad (fraction of its length), from recognition. */
  positions: number[];
  /** Other lines' quads: kept out of the background model and treated as obstacles. */
  others: Quad[];
}

/**
 * Where OCR misread or dropped characters of the target ('Y88' for '¥88', '买一送' for '买一送一'),
 * fit the style to what the user says is there; positions inside the range are spread evenly.
 */
export function asTheUserSaysIt(m: TextMatch, target: string) {
  const chars = [...m.line.text];
  const wanted = [...target.normalize('NFKC')];
  const pos = m.line.positions;
  const from = m.start > 0 ? (pos[m.start - 1] + pos[m.start]) / 2 : 0;
  const to = m.end < chars.length ? (pos[m.end - 1] + pos[m.end]) / 2 : 1;
  const inner = wanted.map((_, k) => from + ((k + 0.5) / wanted.length) * (to - from));
  return {
    text: [...chars.slice(0, m.start), ...wanted, ...chars.slice(m.end)].join(''),
    positions: [...pos.slice(0, m.start), ...inner, ...pos.slice(m.end)],
    end: m.start + wanted.length,
  };
}

/** What one occurrence becomes: the typed text, or for a role the found text kept (restyle) or a price in the old one's format. */
export function newTextFor(step: ReplaceTextStep, m: TextMatch): string {
  if (!step.target.role) return step.params.text;
  const old = [...m.line.text].slice(m.start, m.end).join('');
  if (step.params.text === '') return old;
  return step.target.role === 'price' ? priceLike(old, step.params.text) : step.params.text;
}
