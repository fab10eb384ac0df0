import { ScalpelError } from '../errors.js';
import { toHex } from '../image/color.js';
import type { Raster } from '../image/raster.js';
import type { Anchor, OverlayContent, StickerName } from '../types.js';
import { paintCluster, scatter } from './cluster.js';
import { contrastRatio, luminance, luminanceRatio, seenColour } from './contrast.js';
import { resampleAsset } from './layer.js';
import { placeBox, type Placement } from './place.js';
import { textWatermark } from './watermark.js';

/** What each kind of content hands the compositor: a layer, where it goes, and what to report. */
export interface Built {
  layer: Raster;
  at: { x: number; y: number };
  placed: Placement;
  details: Record<string, unknown>;
  warnings: string[];
}

/** Where and how big: the anchor, the wanted width in pixels and the margin in pixels. */
export interface Spot {
  anchor: Anchor;
  width: number;
  margin: number;
}

/** Enlarging a logo more than this softens it visibly: say so. */
const MAX_UPSCALE = 2;
/** Text smaller than this is hard to read on a photo, whatever its contrast. */
const MIN_READABLE_PX = 10;
/** Fixed, so the same instruction on the same image always scatters stickers the same way. */
const CLUSTER_SEED = 0x5ca1;

export async function buildAsset(img: Raster, asset: Raster | undefined, spot: Spot): Promise<Built> {
  if (!asset || asset.width < 1 || asset.height < 1) {
    throw new ScalpelError('INVALID_ARGUMENT', 'Adding a logo needs an image: pass it with --asset <file>.', {
      stage: 'edit',
      details: { content: 'asset', anchor: spot.anchor },
    });
  }
  const want = { width: spot.width, height: (spot.width * asset.height) / asset.width };
  const placed = placeBox(spot.anchor, img.width, img.height, want, spot.margin);
  const layer = await resampleAsset(asset, placed.box.width, placed.box.height);
  const upscale = placed.box.width / asset.width;
  const warnings =
    upscale > MAX_UPSCALE
      ? [`The logo was enlarged ${upscale.toFixed(1)}× and may look soft; a larger file would stay sharp.`]
      : [];
  const resampled = layer === asset ? 'none' : 'lanczos3 (premultiplied alpha)';
  return {
    layer,
    at: placed.box,
    placed,
    details: { asset: { width: asset.width, height: asset.height, resampled } },
    warnings,
  };
}

export function buildText(
  img: Raster,
  content: Extract<OverlayContent, { kind: 'text' }>,
  spot: Spot,
  opacity: number,
): Built {
  const wm = textWatermark(img, content.text, content.color, spot.anchor, spot.width, spot.margin);
  // The contrast a viewer gets: the text as blended at this opacity, against the mean background.
  const seen = seenColour(wm.fill, wm.background.mean, opacity);
  const contrast = contrastRatio(seen, wm.background.mean);
  // Against the tenth of the background nearest the text's own lightness: where it is hardest to read.
  const worst = luminanceRatio(
    luminance(seen),
    luminance(seen) > luminance(wm.background.mean) ? wm.background.bright : wm.background.dark,
  );
  const warnings: string[] = [];
  if (contrast < 3) {
    warnings.push(
      `The watermark's contrast against the background is ${contrast.toFixed(1)}:1, ` +
        'below the 3:1 that large text needs to read easily.',
    );
  }
  if (wm.sizePx < MIN_READABLE_PX) {
    warnings.push(
      `The watermark text is only ${wm.sizePx.toFixed(0)}px high at this width; it may be hard to read.`,
    );
  }
  return {
    layer: wm.layer,
    at: wm.at,
    placed: wm,
    details: {
      text: content.text,
      text_color: toHex(wm.fill),
      text_color_source: content.color ? 'given' : 'auto',
      background_color: toHex(wm.background.mean),
      text_contrast: round2(contrast),
      text_contrast_worst: round2(worst),
      halo: wm.halo,
      font: wm.font,
      font_size_px: round2(wm.sizePx),
    },
    warnings,
  };
}

export function buildStickers(img: Raster, name: StickerName, count: number, spot: Spot): Built {
  const placed = placeBox(
    spot.anchor,
    img.width,
    img.height,
    { width: spot.width, height: spot.width },
    spot.margin,
  );
  const { width, height } = placed.box;
  const copies = scatter(name, count, width, height, spot.anchor, CLUSTER_SEED);
  return {
    layer: paintCluster(name, copies, width, height),
    at: placed.box,
    placed,
    details: { sticker: name, seed: CLUSTER_SEED },
    warnings: [],
  };
}

export const round2 = (v: number): number => Math.round(v * 100) / 100;
