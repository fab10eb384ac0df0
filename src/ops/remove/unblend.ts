import { clampBox, type Raster } from '../../image/raster.js';
import { unblendCopies } from '../../inpaint/unblend.js';
import { strokeMask } from '../../text/stroke-mask.js';
import type { OpContext } from '../common/op.js';
import { lineHeight, quadBox } from '../../text/frame.js';
import type { Hit } from './hits.js';

/**
 * The copies of a tiled semi-transparent mark taken off the picture (inpaint/unblend.ts): the word
 * the mark repeats, its polarity (light or dark letters), and the user's mask bounding the change.
 * Undefined when the copies do not give a mark (fewer than four, or no opacity found).
 */
export async function unblendTiled(
  img: Raster,
  hits: Hit[],
  ctx: OpContext,
): Promise<{ raster: Raster; mask: Uint8Array; used: number[]; opacity: number } | undefined> {
  const word = markWord(hits);
  if (!word) return undefined;
  const first = hits.find((h) => h.line.text === word) as Hit;
  const { polarity } = strokeMask(
    img,
    clampBox(quadBox(first.line.quad), img.width, img.height),
    lineHeight(first.line.quad),
  );
  const copies = hits.map((h) => ({ quad: h.line.quad, text: h.line.text }));
  const u = await ctx.time('edit_ms', async () => unblendCopies(img, copies, word, polarity));
  if (!u) return undefined;
  if (ctx.mask) for (let i = 0; i < u.mask.length; i++) if (!ctx.mask[i]) u.mask[i] = 0;
  return { raster: keepMasked(img, u.raster, u.mask), mask: u.mask, used: u.used, opacity: u.opacity };
}

/** The word a tiled mark repeats: the longest text read whole at least twice. */
function markWord(hits: Hit[]): string | undefined {
  const counts = new Map<string, number>();
  for (const h of hits) counts.set(h.line.text, (counts.get(h.line.text) ?? 0) + 1);
  return [...counts]
    .filter(([w, n]) => n >= 2 && [...w].length >= 3)
    .sort((a, b) => [...b[0]].length - [...a[0]].length)[0]?.[0];
}

/** `after` where `mask` is set, `before` elsewhere. */
function keepMasked(before: Raster, after: Raster, mask: Uint8Array): Raster {
  const data = new Uint8Array(before.data);
  for (let i = 0; i < mask.length; i++) if (mask[i]) data.set(after.data.subarray(i * 4, i * 4 + 4), i * 4);
  return { data, width: before.width, height: before.height };
}
