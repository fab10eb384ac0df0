import { readFileSync } from 'node:fs';
import { loadFont, type FontId } from './fonts.js';

/**
 * The code points a shipped face maps to a glyph, read from its own `cmap` table (formats 4 and 12),
 * so the answer is the file's, never the host's: Skia would quietly draw a missing character with
 * whatever system font has it (😀 through DejaVu on one machine, a box on another).
 */
const covered = new Map<FontId, (cp: number) => boolean>();

function coverage(font: FontId): (cp: number) => boolean {
  const hit = covered.get(font);
  if (hit) return hit;
  const ranges = cmapRanges(readFileSync(loadFont(font).file));
  const has = (cp: number) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = ranges[mid];
      if (cp < a) hi = mid - 1;
      else if (cp > b) lo = mid + 1;
      else return true;
    }
    return false;
  };
  covered.set(font, has);
  return has;
}

/** Sorted, merged [first, last] code point ranges with a glyph other than .notdef. */
export function cmapRanges(ttf: Buffer): [number, number][] {
  const tables = ttf.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) {
    const rec = 12 + i * 16;
    if (ttf.toString('latin1', rec, rec + 4) === 'cmap') cmap = ttf.readUInt32BE(rec + 8);
  }
  if (cmap < 0) throw new Error('font has no cmap table');
  const subtables = ttf.readUInt16BE(cmap + 2);
  let best: { offset: number; format: number } | undefined;
  for (let i = 0; i < subtables; i++) {
    const rec = cmap + 4 + i * 8;
    const [platform, encoding] = [ttf.readUInt16BE(rec), ttf.readUInt16BE(rec + 2)];
    const offset = cmap + ttf.readUInt32BE(rec + 4);
    const format = ttf.readUInt16BE(offset);
    // Unicode full repertoire (format 12) beats the BMP-only one (format 4).
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && (format === 12 || (format === 4 && best?.format !== 12))) best = { offset, format };
  }
  if (!best) throw new Error('font has no Unicode cmap');
  const out: [number, number][] = [];
  const o = best.offset;
  if (best.format === 12) {
    const groups = ttf.readUInt32BE(o + 12);
    for (let g = 0; g < groups; g++) {
      const r = o + 16 + g * 12;
      out.push([ttf.readUInt32BE(r), ttf.readUInt32BE(r + 4)]);
    }
  } else {
    const segs = ttf.readUInt16BE(o + 6) / 2;
    const ends = o + 14;
    const starts = ends + segs * 2 + 2;
    const deltas = starts + segs * 2;
    const rangeOffsets = deltas + segs * 2;
    for (let s = 0; s < segs; s++) {
      const end = ttf.readUInt16BE(ends + s * 2);
      const start = ttf.readUInt16BE(starts + s * 2);
      const delta = ttf.readUInt16BE(deltas + s * 2);
      const ro = ttf.readUInt16BE(rangeOffsets + s * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        const glyph =
          ro === 0
            ? (c + delta) & 0xffff
            : (() => {
                const at = rangeOffsets + s * 2 + ro + (c - start) * 2;
                const g = ttf.readUInt16BE(at);
                return g === 0 ? 0 : (g + delta) & 0xffff;
              })();
        if (glyph !== 0) out.push([c, c]);
      }
    }
  }
  out.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of out) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Characters of `text` the face has no glyph for (white space aside). */
export function missingGlyphs(text: string, font: FontId = 'sans-regular'): string[] {
  const has = coverage(font);
  const out: string[] = [];
  for (const ch of new Set(text)) {
    if (/\s/u.test(ch)) continue;
    if (!has(ch.codePointAt(0) as number)) out.push(ch);
  }
  return out;
}
