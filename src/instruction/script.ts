import { Converter } from 'opencc-js/t2cn';
import { scanQuotes } from './quotes.js';

/**
 * The form of an instruction the grammar reads, outside its quotes:
 *   - traditional Chinese (唔該幫我將背景轉做淺藍色, 將個價錢改做$48) as simplified: the lexicons and
 *     the segmenter's dictionary are simplified, and a word list per script would drift. OpenCC's Hong
 *     Kong → mainland table converts characters and common phrases;
 *   - emoji (🙏, 🌸, black and white please 🖤) dropped: they decorate, they ask for nothing.
 * Quoted text is left as typed: it names letters on the image, which keep their own script.
 */

let convert: ((text: string) => string) | undefined;
// Pictographs, skin tones, and the joiner and variation selector that bind them.
const EMOJI = /\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\u200d|\ufe0f/gu;

export function readable(text: string): string {
  const plain = (s: string) => {
    const bare = s.replace(EMOJI, ' ');
    if (!/\p{Script=Han}/u.test(bare)) return bare;
    const toCn = (convert ??= Converter({ from: 'hk', to: 'cn' }));
    return toCn(bare);
  };
  const scan = scanQuotes(text);
  if (!scan.ok) return text;
  let out = '';
  let from = 0;
  for (const q of scan.quotes) {
    out += plain(text.slice(from, q.start)) + text.slice(q.start, q.end);
    from = q.end;
  }
  return (out + plain(text.slice(from))).replace(/\s+/gu, ' ').trim();
}
