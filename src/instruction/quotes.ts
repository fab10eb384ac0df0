/**
 * Quote scanning: the first pass over an instruction. Quoted spans are literal text to find or to
 * write, so they are cut out before any grammar runs; otherwise 把'红色'改成'蓝色' would read as a
 * colour change. Works on normalised text (full-width ＂＇ are already ASCII).
 */

/**
 * Opening quote → the characters that may close it. Curly and ASCII quotes of one family close
 * each other because IMEs and chat apps mix them freely (“A" or ‘A’ typed as 'A’).
 */
const CLOSERS: Record<string, string> = {
  '‘': "’‘'",
  '’': "’‘'",
  "'": "'’‘",
  '“': '”“"',
  '”': '”“"',
  '"': '"”“',
  '「': '」',
  '『': '』',
  '《': '》',
  '﹁': '﹂',
  '﹃': '﹄',
};

/** Stands in for a quoted span in the "shape" string the grammar matches (private use area). */
export const QUOTE_MARK = '\ue000';

export interface QuotedSpan {
  /** Content between the quotes, trimmed. */
  text: string;
  open: string;
  close: string;
  /** Offsets in the normalised instruction, quotes included. */
  start: number;
  end: number;
}

export type QuoteScan =
  | {
      ok: true;
      quotes: QuotedSpan[];
      /** The instruction with each quoted span replaced by one QUOTE_MARK. */
      shape: string;
    }
  | { ok: false; quote: string; index: number };

const LATIN = /[A-Za-z]/;

/** An ASCII/curly apostrophe between two Latin letters (don't, it’s) is not a quote. */
function isApostrophe(text: string, i: number): boolean {
  const ch = text[i];
  if (ch !== "'" && ch !== '’') return false;
  return LATIN.test(text[i - 1] ?? '') && LATIN.test(text[i + 1] ?? '');
}

export function scanQuotes(text: string): QuoteScan {
  const quotes: QuotedSpan[] = [];
  let shape = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const closers = CLOSERS[ch];
    if (closers === undefined || isApostrophe(text, i)) {
      // A literal QUOTE_MARK typed by the user must not be mistaken for a quoted span.
      shape += ch === QUOTE_MARK ? ' ' : ch;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && !(closers.includes(text[j]) && !isApostrophe(text, j))) j++;
    if (j >= text.length) return { ok: false, quote: ch, index: i };
    quotes.push({ text: text.slice(i + 1, j).trim(), open: ch, close: text[j], start: i, end: j + 1 });
    shape += QUOTE_MARK;
    i = j + 1;
  }
  return { ok: true, quotes, shape };
}
