import { ZH_DIGITS } from './segments.js';

/**
 * Amounts said in words, as the digits the grammars read: 百分之十五 → 15%, 调高10个点 → 调高10%,
 * 十个百分点 → 10%. Applied outside quotes only (a quoted text is drawn as written).
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

export function amountsAsDigits(text: string): string {
  const as = (m: string, n: string, before = '') => {
    const v = value(n);
    return v === undefined ? m : `${before}${v}%`;
  };
  return text
    .replace(new RegExp(`百分之(${NUMERAL})`, 'gu'), (m, n: string) => as(m, n))
    .replace(new RegExp(`(${NUMERAL})个?百分点`, 'gu'), (m, n: string) => as(m, n))
    .replace(
      new RegExp(`(提高|降低|调高|调低|增加|减少|拉高|压低|提升|下降|加大|减小)(${NUMERAL})个点`, 'gu'),
      (m, verb: string, n: string) => as(m, n, verb),
    );
}
