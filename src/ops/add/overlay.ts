import { ScalpelError } from '../../errors.js';
import type { Raster } from '../../image/raster.js';
import {
  buildAsset,
  buildStickers,
  buildText,
  round2,
  type Built,
  type Spot,
} from '../../overlay/content.js';
import { blendOver } from '../../overlay/layer.js';
import { marginPx } from '../../overlay/place.js';
import { STICKERS, type AddStep, type Anchor, type Box } from '../../types.js';

export interface OverlayResult {
  raster: Raster;
  /** 0/1: exactly the pixels the overlay covers with alpha > 0; all others are the input's, bit for bit. */
  mask: Uint8Array;
  /** Bounding box of the mask. */
  region: Box;
  details: Record<string, unknown>;
  warnings: string[];
}

const KINDS = ['asset', 'text', 'sticker'] as const;

/**
 * The add/overlay op: a logo (`asset`), a text watermark or built-in stickers, `params.scale` of the
 * image width, placed at the anchor `params.margin` of the shorter side from the nearest edges, and
 * composited "over" at `params.opacity`. Only the pixels the overlay covers change.
 */
export async function overlay(
  img: Raster,
  params: AddStep['params'],
  anchor: Anchor,
  asset?: Raster,
): Promise<OverlayResult> {
  validate(params);
  const { content, scale, opacity } = params;
  const margin = marginPx(params.margin, img.width, img.height);
  const spot: Spot = { anchor, width: scale * img.width, margin };
  let built: Built;
  if (content.kind === 'asset') built = await buildAsset(img, asset, spot);
  else if (content.kind === 'text') built = buildText(img, content, spot, opacity);
  else built = buildStickers(img, content.name, params.count, spot);

  const { placed } = built;
  const warnings = [...built.warnings];
  if (placed.factor < 1) {
    warnings.push(
      `The overlay did not fit inside the ${margin}px margin at ${Math.round(scale * 100)}% of the width; ` +
        `it was shrunk to ${Math.round(placed.factor * 100)}% of that size.`,
    );
  }
  const blended = blendOver(img, built.layer, built.at, opacity);
  if (blended.region.width === 0) warnings.push('The overlay is fully transparent: no pixel changed.');
  const details = {
    content: content.kind,
    box: placed.box,
    opacity,
    scale,
    margin_px: margin,
    shrink_factor: round2(placed.factor),
    copies: content.kind === 'sticker' ? params.count : 1,
    ...built.details,
  };
  return { ...blended, details, warnings };
}

/** Checked before any work, so a bad plan costs nothing and the error names the offending value. */
function validate(p: AddStep['params']): void {
  const bad = (name: string, value: unknown, rule: string, extra: Record<string, unknown> = {}) =>
    new ScalpelError('INVALID_ARGUMENT', `The overlay's ${name} must be ${rule}; got ${String(value)}.`, {
      stage: 'edit',
      details: { param: name, value, rule, ...extra },
    });
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!num(p.scale) || p.scale <= 0 || p.scale > 1) throw bad('scale', p.scale, '0 < scale ≤ 1');
  if (!num(p.margin) || p.margin < 0 || p.margin >= 0.5) throw bad('margin', p.margin, '0 ≤ margin < 0.5');
  if (!num(p.opacity) || p.opacity <= 0 || p.opacity > 1) throw bad('opacity', p.opacity, '0 < opacity ≤ 1');
  if (!Number.isInteger(p.count) || p.count < 1 || p.count > 50) {
    throw bad('count', p.count, 'an integer, 1 ≤ count ≤ 50');
  }
  const c = p.content;
  if (!KINDS.includes(c?.kind)) throw bad('content kind', c?.kind, KINDS.join(', '), { valid: KINDS });
  if (c.kind === 'text' && (typeof c.text !== 'string' || c.text.trim() === '')) {
    throw bad('text', c.text, 'non-empty');
  }
  if (c.kind === 'text' && c.color && !c.color.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
    throw bad('text colour', c.color, 'three integers 0–255');
  }
  if (c.kind === 'sticker' && !STICKERS.includes(c.name)) {
    throw bad('sticker', c.name, `one of ${STICKERS.join(', ')}`, { valid: STICKERS });
  }
}
