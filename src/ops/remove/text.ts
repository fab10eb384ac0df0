import { ScalpelError } from '../../errors.js';
import { comparable, groundText } from '../../grounding/text.js';
import { overlapShare, regionBox } from '../../grounding/pick.js';
import { dilate, maskBounds } from '../../image/mask.js';
import { clampBox } from '../../image/raster.js';
import { inpaintPatchMatch } from '../../inpaint/patchmatch.js';
import { unblendTiled } from './unblend.js';
import type { Hit } from './hits.js';
import { strokeMask } from '../../text/stroke-mask.js';
import { frameOf, fromFrame, inFrame, lineHeight, quadBox, type LineFrame } from '../../text/frame.js';
import type { Raster } from '../../image/raster.js';
import { replaceText } from '../replace-text/redraw.js';
import { glyphsStanding } from '../replace-text/check.js';
import type { Residue } from '../../text/residue.js';
import { readQuad, type OcrLine } from '../../perception/ocr.js';
import type { Anchor, Box, Quad, RemoveStep } from '../../types.js';
import type { OpContext } from '../common/op.js';
import { orInto } from '../common/masks.js';

/**
 * Removing text (去掉文字'X', 去水印, 擦掉右下角): the text edit's own erase, with nothing drawn
 * back. It separates the glyphs (and their outline and shadow) from the background and fills only
 * those pixels, so the poster or photo under the letters continues. Each removal is read back: the
 * old text must no longer be legible where it stood.
 */

export interface TextRemoval {
  raster: Raster;
  mask: Uint8Array;
  region: Box;
  quality: Record<string, unknown>;
  details: Record<string, unknown>;
  warnings: string[];
}

/** The lines a watermark or region target means: every text line, or those in the named part. */
export function linesIn(lines: OcrLine[], anchor: Anchor | undefined, w: number, h: number): OcrLine[] {
  if (!anchor) return lines;
  const region = regionBox(anchor, w, h);
  return lines.filter((l) => overlapShare(quadBox(l.quad), region) >= 0.5);
}

export async function removeText(
  img: Raster,
  step: RemoveStep,
  lines: OcrLine[],
  ctx: OpContext,
): Promise<TextRemoval> {
  const t = step.target;
  const warnings: string[] = [];
  let hits: Hit[];
  if (t.kind === 'text') {
    hits = groundText(lines, t.text, t.nth).map((m) => ({ line: m.line, start: m.start, end: m.end }));
  } else {
    const anchor = t.kind === 'region' || t.kind === 'watermark' ? t.anchor : undefined;
    const inside = linesIn(lines, anchor, img.width, img.height);
    if (inside.length === 0) {
      throw new ScalpelError(
        'TARGET_NOT_FOUND',
        `No text-like marks were found${anchor ? ` in the ${anchor} part of the image` : ''} ("${t.phrase}"). ` +
          `Text found elsewhere: ${lines.map((l) => `'${l.text}'`).join(', ') || 'none'}. Faint marks may need a --mask.`,
        { stage: 'ground', details: { target: t, found: lines.map((l) => l.text) } },
      );
    }
    hits = inside.map((line) => ({ line, start: 0, end: [...line.text].length }));
  }
  let current = img;
  const mask = new Uint8Array(img.width * img.height);
  const removed: Record<string, unknown>[] = [];
  const checks: { quad: Quad; old: string; residue?: Residue; standing?: string }[] = [];
  const tiled = t.kind === 'watermark' && hits.length >= 3;
  let rest = hits;
  // A tiled semi-transparent mark is taken off, not painted over: its opacity is learnt from its copies.
  const u = tiled ? await unblendTiled(current, hits, ctx) : undefined;
  if (u) {
    current = u.raster;
    const box = maskBounds(u.mask, img.width, img.height);
    if (box) orInto(mask, u.mask, img.width, box);
    for (const i of u.used) {
      const h = hits[i];
      checks.push({ quad: h.line.quad, old: h.line.text });
      removed.push({
        text: h.line.text,
        line: h.line.text,
        region: quadBox(h.line.quad),
        fill_method: 'unblend',
        opacity: u.opacity,
      });
    }
    rest = hits.filter((_, i) => !u.used.includes(i));
  }
  for (const hit of rest) {
    const r = await ctx.time('edit_ms', () =>
      replaceText(
        current,
        {
          quad: hit.line.quad,
          lineText: hit.line.text,
          positions: hit.line.positions,
          start: hit.start,
          end: hit.end,
          others: lines.filter((l) => l !== hit.line).map((l) => l.quad),
        },
        { text: '' },
        ctx.mask,
        'telea',
      ),
    );
    let { raster: out, mask: changed, region } = r;
    // On a photo the glyph segmentation misses parts of the strokes (a semi-transparent watermark
    // takes the photo's colours): widen the hole with the top-hat stroke mask and refill it.
    if (r.details.background === 'textured' && r.details.fill_method !== 'flat') {
      const whole = hit.start === 0 && hit.end === [...hit.line.text].length;
      const lh = lineHeight(hit.line.quad);
      // A whole line reaches two line-heights further along: symbols OCR drops (©, ®, a logo mark)
      // sit right beside the words. Copies of a tiled mark do not: their neighbours are more copies.
      const reach = whole && !tiled ? 2 * lh : lh * 0.15;
      const f = frameOf(hit.line.quad);
      const a0 = whole ? -reach : (hit.line.positions[hit.start] ?? 0) * f.length - lh;
      const a1 = whole ? f.length + reach : (hit.line.positions[hit.end - 1] ?? 1) * f.length + lh;
      const area = clampBox(bandBox(f, a0, a1, lh * 0.15), img.width, img.height);
      // Strokes only within the line's own band: a tilted line's bounding box holds much picture.
      const strokes = strokeMask(current, area, lh).mask;
      for (let y = area.y; y < area.y + area.height; y++)
        for (let x = area.x; x < area.x + area.width; x++)
          if (!inFrame(f, x, y, lh * 0.15, a0, a1)) strokes[y * img.width + x] = 0;
      const hole = dilate(strokes, img.width, img.height, 2);
      for (let i = 0; i < hole.length; i++) hole[i] = (hole[i] | r.mask[i]) & (ctx.mask ? ctx.mask[i] : 1);
      const before = current;
      out = await ctx.time('edit_ms', () => inpaintPatchMatch(before, hole));
      changed = hole;
      region = maskBounds(hole, img.width, img.height) ?? r.region;
    }
    current = out;
    orInto(mask, changed, img.width, region);
    const old = [...hit.line.text].slice(hit.start, hit.end).join('');
    const final = out;
    const residue = await ctx.time('quality_ms', async () => r.check.residueOf(final));
    checks.push({
      quad: hit.line.quad,
      old,
      residue,
      standing: glyphsStanding(residue),
    });
    removed.push({
      text: old,
      line: hit.line.text,
      region,
      fill_method:
        r.details.background === 'textured' && r.details.fill_method !== 'flat'
          ? 'strokes + patchmatch'
          : r.details.fill_method,
    });
  }
  // Read-back: what OCR sees now where each removed text stood.
  const after = current;
  const reads = await ctx.time('readback_ms', async () => {
    const out: { text: string; still_legible: boolean; residue?: Residue }[] = [];
    for (const c of checks) {
      const read = await readQuad(after, c.quad);
      out.push({
        text: read.text,
        still_legible: read.score > 0.6 && comparable(read.text).includes(comparable(c.old)),
        residue: c.residue,
      });
    }
    return out;
  });
  for (const [k, r] of reads.entries()) {
    if (r.still_legible) warnings.push(`'${checks[k].old}' can still be read after removal.`);
    // OCR finding nothing is not enough: glyph-shaped blotches are what a person sees.
    else if (checks[k].standing) warnings.push(`Self-check on '${checks[k].old}': ${checks[k].standing}.`);
  }
  if (hits.length > 1)
    warnings.push(`${hits.length} texts were removed: ${checks.map((c) => `'${c.old}'`).join(', ')}.`);
  return {
    raster: current,
    mask,
    region: maskBounds(mask, img.width, img.height) ?? { x: 0, y: 0, width: 0, height: 0 },
    quality: {
      readback: reads,
      removed_ok: reads.every((r) => !r.still_legible) && checks.every((c) => !c.standing),
    },
    details: { count: removed.length, removed, found: lines.map((l) => l.text) },
    warnings,
  };
}

/** Image box of a line's band from a0 to a1 along it, grown by `grow` across. */
function bandBox(f: LineFrame, a0: number, a1: number, grow: number): Box {
  const pts = [
    fromFrame(f, a0, -grow),
    fromFrame(f, a1, -grow),
    fromFrame(f, a0, f.height + grow),
    fromFrame(f, a1, f.height + grow),
  ];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x = Math.floor(Math.min(...xs));
  const y = Math.floor(Math.min(...ys));
  return { x, y, width: Math.ceil(Math.max(...xs)) - x, height: Math.ceil(Math.max(...ys)) - y };
}
