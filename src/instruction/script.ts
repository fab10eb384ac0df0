import { Converter } from 'opencc-js/t2cn';
import { scanQuotes } from './quotes.js';

/**
 * Traditional Chinese (唔該幫我將背景轉做淺藍色, 將個價錢改做$48) is read as simplified: the lexicons
 * and the segmenter's dictionary are simplified, and a word list per script would drift. OpenCC's
 * Hong Kong → mainland table converts characters and common phrases. Quoted text is left as typed:
 * it names letters on the image, which keep their own script.
 */

let convert: ((text: string) => string) | undefined;

export function simplified(text: string): string {
  // Pure ASCII (most English instructions) has nothing to convert.
  if (!/\p{Script=Han}/u.test(text)) return text;
  const toCn = (convert ??= Converter({ from: 'hk', to: 'cn' }));
  const scan = scanQuotes(text);
  if (!scan.ok) return text;
  let out = '';
  let from = 0;
  for (const q of scan.quotes) {
    out += toCn(text.slice(from, q.start)) + text.slice(q.start, q.end);
    from = q.end;
  }
  return out + toCn(text.slice(from));
}
