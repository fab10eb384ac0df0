import type { ReplaceTextStep } from '../types.js';
import { invalid, unsupported } from './help.js';
import { LEAD, MARKS, ROLES, wordSet } from './lexicon.js';
import { parseModifiers } from './modifiers.js';
import type { Draft } from './objects.js';
import { ordinal } from './phrase.js';
import { QUOTE_MARK as Q } from './quotes.js';
import type { Segment } from './segments.js';
import { tokenize } from './tokens.js';

/**
 * A quoted text restyled and kept as it is: 把'限时抢购'的颜色改成红色, 把'¥169'加粗, 'HOT'改成蓝色,
 * make "SALE" red, Make "Free" bigger and bold. One quote, only asking words, a verb of making and
 * the text's nouns before it (把, 将, make, the text, 第二个); after it, nothing but style modifiers
 * (modifiers.ts). The plan is a replace-text step whose new text is the old one, so the style fit,
 * erase and redraw keep everything but what was asked.
 */

const MARK = wordSet(MARKS);
const CLOSING = wordSet(LEAD.tail);
const BEFORE = wordSet(LEAD, MARKS, ROLES, {
  zh: ['把', '将', '只', '所有', '所有的', '倒数'],
  en: [
    'make',
    'turn',
    'set',
    'change',
    'recolor',
    'recolour',
    'paint',
    'the',
    'only',
    'all',
    'color',
    'colour',
    'of',
    'font',
  ],
});

export function parseRestyleText(seg: Segment, instruction: string): Draft | undefined {
  if (seg.quotes.length !== 1) return undefined;
  const at = seg.text.indexOf(Q);
  const before = tokenize(seg.text.slice(0, at));
  const nth = ordinal(before);
  if (
    !before.every(
      (t) => BEFORE.has(t.norm) || /^第|^\d{1,2}(?:st|nd|rd|th)$|^(?:first|second|third|last)$/u.test(t.norm),
    )
  )
    return undefined;
  // 的颜色 / 's colour name the text's own colour: the modifier grammar reads 颜色改成红色. The
  // text's own nouns (这几个字) and closing words (一下) say nothing of the style.
  const tail = seg.text.slice(at + 1);
  const words = tokenize(tail);
  const dropped = words.filter((t, i) => (MARK.has(t.norm) && i === 0) || CLOSING.has(t.norm));
  // The words as typed, less the dropped ones: 金色渐变 and #FF6600 must stay whole for the modifiers.
  let after = tail;
  for (const t of [...dropped].reverse()) after = after.slice(0, t.start) + ' ' + after.slice(t.end);
  after = after.replace(/^\s*(?:的|['’]s\b)/u, '').trim();
  const { modifiers, conflicts, residue } = parseModifiers(after);
  if (residue !== '' || (!modifiers.color && !modifiers.bold && modifiers.scale === undefined))
    return undefined;
  if (conflicts.length > 0)
    throw invalid(instruction, `The instruction contradicts itself: ${conflicts[0]}.`);
  const text = seg.quotes[0].text;
  if (text === '') throw unsupported(instruction, 'The text to restyle is empty: put it between the quotes.');
  const step: ReplaceTextStep = {
    op: 'replace-text',
    target: nth === undefined ? { text } : { text, nth },
    params: {
      text,
      ...(modifiers.color ? { color: modifiers.color } : {}),
      ...(modifiers.bold ? { bold: true } : {}),
      ...(modifiers.scale !== undefined ? { scale: modifiers.scale } : {}),
    },
  };
  return {
    // 把'特价'缩小，颜色改成白色: a segment of style words only goes on restyling the same text.
    absorb: (next) => {
      const more = parseModifiers(next.text);
      if (
        more.residue !== '' ||
        (!more.modifiers.color && !more.modifiers.bold && more.modifiers.scale === undefined)
      )
        return false;
      if (more.modifiers.color) step.params.color ??= more.modifiers.color;
      if (more.modifiers.bold) step.params.bold = true;
      if (more.modifiers.scale !== undefined) step.params.scale ??= more.modifiers.scale;
      return true;
    },
    steps: () => [step],
  };
}
