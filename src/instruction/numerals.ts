import { ZH_DIGITS } from './segments.js';

/**
 * Amounts said in words, as the digits the grammars read: 百分之十五 → 15%, 调高10个点 → 调高10%,
 * 十个百分点 → 10%. Used only where an amount is read (a tone's strength, a margin, an opacity): the
 * sentence itself, its echoes and any new text keep the words as typed.
 */

const NUMERAL = '[零一二两三四五六七八九十百]+|\\d{1,3}(?:\\.\\d+)?';

/** A Chinese numeral up to 999 (十五, 二十, 三十五, 一百, 百), or undefined. */
export function zhNumber(s: string): number | undefined {
  const m =
    /^(?:([一二两三四五六七八九])?百)?(零)?(?:([一二两三四五六七八九])?(十))?([一二两三四五六七八九])?$/u.exec(
      s,
    );
  if (!m || s === '') return undefined;
  const [, h, , t, ten, u] = m;
  const hundreds = s.includes('百') ? (h ? ZH_DIGITS[h] : 1) : 0;
  const tens = ten ? (t ? ZH_DIGITS[t] : 1) : 0;
  return hundreds * 100 + tens * 10 + (u ? ZH_DIGITS[u] : 0);
}

const value = (n: string) => (/^\d/.test(n) ? Number(n) : zhNumber(n));

/**
 * `text` with the amounts said after one of `lead` (a regex alternation: 留白, 透明度, 提高…) written
 * as digits; every other number, and every word, as typed.
 */
export function amountsAsDigits(text: string, lead: string): string {
  const as = (m: string, before: string, n: string) => {
    const v = value(n);
    return v === undefined ? m : `${before}${v}%`;
  };
  const near = `((?:${lead})[^，,;；。\\d]{0,3}?)`;
  return text
    .replace(new RegExp(`${near}百分之(${NUMERAL})`, 'gu'), as)
    .replace(new RegExp(`${near}(${NUMERAL})个?百分点`, 'gu'), as)
    .replace(new RegExp(`${near}(${NUMERAL})个点`, 'gu'), as);
}
