import { ScalpelError } from '../errors.js';

/**
 * Instruction normalisation: the one place that decides what "the same instruction" means, so the
 * plan's `instruction` field, cache keys and the grammar all see the same string.
 *
 * NFKC is what we want for matching: full-width ＂＇，；Ａ１ become ASCII (so the grammar sees one
 * quote/comma style) and full-width ￥ becomes ¥ (so '￥199' matches OCR's '¥199'). It leaves the
 * curly and CJK quotes ‘’“”「」『』《》 alone, which the quote scanner handles. But plain NFKC also
 * rewrites characters whose look is the point of poster text: m² → m2, ㎡ → m2, ① → 1, ½ → 1⁄2,
 * ™ → TM, …… → ......, Ⅱ → II. Quoted text is both matched and *rendered*, so those few families
 * keep their NFC form; everything else gets NFKC. Grounding should fold OCR text the same way
 * (or with plain NFKC on both sides, which is a superset of this).
 */

const DEFAULT_MAX_LENGTH = 200;

/** Code point ranges kept as typed (see above). Inclusive [from, to]. */
const KEEP_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00aa, 0x00aa], // ª ordinal
  [0x00b2, 0x00b3], // ² ³
  [0x00b9, 0x00ba], // ¹ º
  [0x00bc, 0x00be], // ¼ ½ ¾
  [0x2025, 0x2026], // ‥ …
  [0x2070, 0x209f], // superscripts and subscripts
  [0x2100, 0x214f], // letterlike: ℃ ℉ № ™ …
  [0x2150, 0x218f], // number forms: ⅓ Ⅱ ⅱ …
  [0x2460, 0x24ff], // enclosed alphanumerics: ① ⑴ ⒈ Ⓐ …
  [0x3200, 0x33ff], // enclosed CJK and CJK compatibility: ㈠ ㊣ ㎡ ㎏ …
  [0x1f100, 0x1f1ff], // enclosed alphanumeric supplement
];

/** Invisible characters that only ever arrive by copy-paste (zero-width space, BOM): dropped. */
const INVISIBLE = /[\u200b\ufeff]/gu;

/**
 * C0/C1 controls other than whitespace, plus the bidi overrides/isolates, which can make the
 * displayed instruction differ from what we parse.
 */
const FORBIDDEN = /(?![\t\n\v\f\r])\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u;

function isKept(cp: number): boolean {
  return KEEP_RANGES.some(([from, to]) => cp >= from && cp <= to);
}

/** NFKC except for the KEEP_RANGES families; equivalent to NFKC when none of them occur. */
function foldCompatibility(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    out += isKept(ch.codePointAt(0) ?? 0) ? ch : ch.normalize('NFKD');
  }
  // Recompose once over the whole string: NFC(concat of NFKD) is NFKC for the folded parts.
  return out.normalize('NFC');
}

/** Length in code points, so an emoji or a rare CJK ideograph counts as one character. */
export function codePointLength(text: string): number {
  return [...text].length;
}

/**
 * Canonical form of an instruction: width-folded (see above), whitespace runs collapsed to one
 * space, trimmed. Throws EMPTY_INSTRUCTION, INSTRUCTION_TOO_LONG (details {length, max}) or
 * INVALID_ARGUMENT for control characters.
 */
export function normalizeInstruction(raw: string, maxLength: number = DEFAULT_MAX_LENGTH): string {
  if (typeof raw !== 'string') {
    throw new ScalpelError('INVALID_ARGUMENT', 'The instruction must be a string.', { stage: 'parse' });
  }
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new ScalpelError('INVALID_ARGUMENT', `maxLength must be a positive integer, got ${maxLength}.`, {
      stage: 'parse',
      details: { maxLength },
    });
  }
  const bad = FORBIDDEN.exec(raw);
  if (bad) {
    const codePoint = `U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `The instruction contains a control character (${codePoint}).`,
      {
        stage: 'parse',
        details: { codePoint, index: bad.index },
      },
    );
  }
  const text = foldCompatibility(raw.replace(INVISIBLE, '')).replace(/\s+/gu, ' ').trim();
  if (text === '') {
    throw new ScalpelError('EMPTY_INSTRUCTION', 'The instruction is empty.', { stage: 'parse' });
  }
  const length = codePointLength(text);
  if (length > maxLength) {
    throw new ScalpelError(
      'INSTRUCTION_TOO_LONG',
      `The instruction is ${length} characters long; the limit is ${maxLength}.`,
      { stage: 'parse', details: { length, max: maxLength } },
    );
  }
  return text;
}
