import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import subsetFont from 'subset-font';

/**
 * The web pages' own CJK font, so Chinese renders on machines without CJK system fonts: Noto Sans SC
 * Regular (already in node_modules for text rendering) cut to the 4,000 most frequent Han characters
 * (ranked by summing word frequencies over jieba's dictionary, about 99.5% of running text), the
 * pages' own words and ASCII: about 600 KB of WOFF2 instead of 10 MB. Made once, on first use
 * (about 5 s), then kept.
 */
let font: Promise<Buffer> | undefined;

export function webFont(pageText: string): Promise<Buffer> {
  font ??= make(pageText).catch((err: unknown) => {
    font = undefined;
    throw err;
  });
  return font;
}

const COMMON = 4000;

async function make(pageText: string): Promise<Buffer> {
  const load = createRequire(import.meta.url);
  const dict = readFileSync(
    path.join(path.dirname(load.resolve('@node-rs/jieba/package.json')), 'dict.txt'),
    'utf8',
  );
  const freq = new Map<string, number>();
  for (const line of dict.split('\n')) {
    const [word, f] = line.split(' ');
    if (!word) continue;
    for (const ch of word) if (/\p{Script=Han}/u.test(ch)) freq.set(ch, (freq.get(ch) ?? 0) + Number(f));
  }
  const common = [...freq.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, COMMON)
    .map(([c]) => c)
    .join('');
  const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
  // Every character of the ranges the pages' @font-face claims beside Han (CJK punctuation such as
  // 「」 in plan words, full-width forms): the browser takes them from this face and has no fallback.
  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)).join('');
  const punctuation = range(0x3000, 0x303f) + range(0xff00, 0xffef);
  const ttf = readFileSync(
    path.join(
      path.dirname(load.resolve('@expo-google-fonts/noto-sans-sc/package.json')),
      '400Regular/NotoSansSC_400Regular.ttf',
    ),
  );
  return subsetFont(ttf, `${common}${ascii}${punctuation}¥“”‘’…—·${pageText}`, {
    targetFormat: 'woff2',
  });
}
