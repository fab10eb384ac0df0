import { ScalpelError } from '../errors.js';
import type { OcrLine } from '../perception/ocr.js';
import { lineHeight } from '../text/frame.js';
import type { TextRole } from '../types.js';
import { PRICE } from './text-answer.js';
import type { TextMatch } from './text.js';

/**
 * A text named by its role (把价格改成99元, 把标题换成红色), found on the image: the price is the most
 * prominent price-shaped text (a currency sign and digits, or digits and 元), the title the tallest
 * line whose centre is in the top 45% of the image. Several candidates: the most prominent one, and
 * a warning naming the others and how to pick one (quote it).
 */
export function groundRole(
  lines: OcrLine[],
  role: TextRole,
  phrase: string,
  height: number,
): { matches: TextMatch[]; warnings: string[] } {
  const found: TextMatch[] = [];
  lines.forEach((line, lineIndex) => {
    if (role === 'price') {
      for (const m of line.text.matchAll(PRICE)) {
        const start = [...line.text.slice(0, m.index)].length;
        found.push({ line, lineIndex, start, end: start + [...m[0]].length, similarity: 1 });
      }
    } else if (centreY(line) < height * 0.45) {
      found.push({ line, lineIndex, start: 0, end: [...line.text].length, similarity: 1 });
    }
  });
  const texts = lines.map((l) => `'${l.text}'`).join(', ') || 'none';
  if (found.length === 0) {
    throw new ScalpelError(
      'TARGET_NOT_FOUND',
      role === 'price'
        ? `No price ("${phrase}") was found: no currency sign or 元 beside digits. Texts found: ${texts}. Quote the text to change: 把"…"改成"…".`
        : `No title ("${phrase}") was found: no text in the top part of the image. Texts found: ${texts}.`,
      { stage: 'ground', details: { role, found: lines.map((l) => l.text) } },
    );
  }
  found.sort((a, b) => lineHeight(b.line.quad) - lineHeight(a.line.quad));
  const chosen = found[0];
  const warnings: string[] = [];
  // Only a close call is worth a word: a title twice the size of the next line is the title.
  const close = found.slice(1).filter((m) => lineHeight(m.line.quad) >= 0.85 * lineHeight(chosen.line.quad));
  if (close.length > 0) {
    const others = close.map((m) => `'${slice(m)}'`);
    warnings.push(
      `${close.length + 1} texts could be the ${role} ("${phrase}"); changed the largest, '${slice(chosen)}', not ${others.join(', ')}. Quote the one you mean to choose another.`,
    );
  }
  return { matches: [chosen], warnings };
}

/** The new price in the old one's format: 99元 or 99 for '¥199' is '¥99'; an explicit sign is kept. */
export function priceLike(old: string, typed: string): string {
  const bare = /^\s*(\d[\d,]*(?:\.\d+)?)\s*(?:元|块)?\s*$/u.exec(typed);
  if (!bare) return typed;
  const sign = /^\s*([¥$€£])\s*[\d.,]+\s*$/u.exec(old);
  if (sign) return `${sign[1]}${bare[1]}`;
  if (/^\s*[\d.,]+\s*元\s*$/u.test(old)) return `${bare[1]}元`;
  return typed;
}

const slice = (m: TextMatch) => [...m.line.text].slice(m.start, m.end).join('');
const centreY = (l: OcrLine) => l.quad.reduce((s, p) => s + p[1], 0) / 4;
