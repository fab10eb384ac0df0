import { ScalpelError } from '../errors.js';
import type { OcrLine } from '../perception/ocr.js';

/**
 * Identity documents and bank cards, recognised from what OCR reads: a Chinese citizen ID number
 * whose check digit is right (GB 11643), a machine-readable zone (passports, travel permits: lines of
 * A–Z, digits and `<` fillers), a card number that passes the Luhn check beside a card's words, or
 * two of the words only such documents carry. A poster that mentions 身份证 once is none of these.
 */
const DOCUMENT_WORDS = [
  '居民身份证',
  '公民身份号码',
  '签发机关',
  '有效期限',
  '中华人民共和国',
  '护照',
  'PASSPORT',
  '机动车驾驶证',
  '驾驶证',
  '准驾车型',
  '社会保障卡',
  '通行证',
  'NATIONALITY',
  'DATEOFBIRTH',
  'DATEOFEXPIRY',
  'SURNAME',
  '出生',
  '住址',
  '民族',
];
const STRONG_WORDS = [
  '居民身份证',
  '公民身份号码',
  '签发机关',
  'PASSPORT',
  '机动车驾驶证',
  '准驾车型',
  '社会保障卡',
  'DATEOFEXPIRY',
];
const CARD_WORDS = [
  '银联',
  'UNIONPAY',
  'VISA',
  'MASTERCARD',
  '借记卡',
  '信用卡',
  'DEBIT',
  'CREDIT',
  'VALIDTHRU',
  '银行',
];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A Chinese resident ID number with a correct check digit. */
export function validIdNumber(s: string): boolean {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const sum = ID_WEIGHTS.reduce((t, w, i) => t + w * Number(s[i]), 0);
  return '10X98765432'[sum % 11] === s[17];
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** What marks the image as an identity document or bank card, or undefined. */
export function identityEvidence(lines: OcrLine[]): string[] | undefined {
  const texts = lines.map((l) => l.text.normalize('NFKC').toUpperCase().replace(/\s+/g, ''));
  const all = texts.join('\n');
  const evidence: string[] = [];
  for (const m of all.matchAll(/\d{17}[\dX]/g))
    if (validIdNumber(m[0])) evidence.push('a citizen ID number with a valid check digit');
  if (texts.some((t) => /^[A-Z0-9<]{28,44}$/.test(t) && (t.match(/</g)?.length ?? 0) >= 4))
    evidence.push('a machine-readable zone (MRZ) line');
  const cardWords = CARD_WORDS.filter((w) => all.includes(w));
  if (cardWords.length) {
    for (const m of all.matchAll(/\d{16,19}/g))
      if (luhn(m[0])) evidence.push(`a card number passing the Luhn check, with ${cardWords.join(', ')}`);
  }
  const words = DOCUMENT_WORDS.filter((w) => all.includes(w));
  // Two of them, one of which only such a document prints (a National Day poster has 中华人民共和国
  // and 民族, and is no ID card).
  if (words.length >= 2 && words.some((w) => STRONG_WORDS.includes(w)))
    evidence.push(`document words: ${words.join(', ')}`);
  return evidence.length ? [...new Set(evidence)] : undefined;
}

/** Refuses to edit an identity document or bank card. */
export function refuseIdentityDocument(lines: OcrLine[]): void {
  const evidence = identityEvidence(lines);
  if (!evidence) return;
  throw new ScalpelError(
    'IDENTITY_DOCUMENT',
    `Refused: the image looks like an identity document or bank card (${evidence.join('; ')}). Scalpel does not edit those.`,
    { stage: 'perceive', details: { evidence } },
  );
}
