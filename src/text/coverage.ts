import { createCanvas } from '@napi-rs/canvas';
import { fontString, loadFont, type FontId } from './fonts.js';

const SIZE = 24;
const canvas = createCanvas(SIZE * 2, SIZE * 2);
const ctx = canvas.getContext('2d');
const cache = new Map<string, boolean>();

function pixels(ch: string, font: FontId): string {
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.font = fontString(loadFont(font), SIZE);
  ctx.fillStyle = '#000';
  ctx.fillText(ch, 4, SIZE * 1.5);
  return Buffer.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer).toString('base64');
}

/** A code point no font maps: whatever it draws is the font's "missing glyph" box. */
const MISSING = String.fromCodePoint(0x10fffd);

/**
 * Characters of `text` the face has no glyph for. Skia would draw the .notdef box for them, so a
 * character whose rendering equals that of a surely-missing code point is missing.
 */
export function missingGlyphs(text: string, font: FontId = 'sans-regular'): string[] {
  const notdef = pixels(MISSING, font);
  const out: string[] = [];
  for (const ch of new Set(text)) {
    if (/\s/u.test(ch)) continue;
    const key = `${font}\u0000${ch}`;
    let missing = cache.get(key);
    if (missing === undefined) {
      missing = pixels(ch, font) === notdef;
      cache.set(key, missing);
    }
    if (missing) out.push(ch);
  }
  return out;
}
