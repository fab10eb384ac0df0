import { ScalpelError } from '../../errors.js';
import { cloneRaster, type Raster } from '../../image/raster.js';
import type { BackgroundFill } from '../../types.js';
import { gaussianBlur } from './blur.js';
import { backgroundLayer, backgroundPlate, scaleSigma } from './fill.js';

export interface ReplaceBackgroundResult {
  raster: Raster;
  /** 1 where the matte is below 255: the only pixels that may differ from the input. */
  mask: Uint8Array;
  details: Record<string, unknown>;
  warnings: string[];
}

/** Drop shadow: opacity under the subject, offset and softness as shares of the subject's height. */
const SHADOW = { opacity: 0.35, offset: 0.03, sigma: 0.04 };
/** Subject shares outside this band mean the matte found nothing clear to keep. */
const MIN_SUBJECT = 0.01;
const MAX_SUBJECT = 0.95;

/**
 * Puts a new background behind the matted subject: out = a·F + (1 − a)·B_new, with the matte's soft
 * edge kept soft. F, the subject's own colour at an edge pixel, is unmixed from the old background
 * (F = (I − (1 − a)·B_old) / a), so no fringe of the old background survives. Pixels with a = 255
 * are never written.
 */
export async function replaceBackground(
  img: Raster,
  alpha: Uint8Array,
  fill: BackgroundFill,
  opts: { shadow: boolean; asset?: Raster },
): Promise<ReplaceBackgroundResult> {
  const { width: w, height: h } = img;
  const n = w * h;
  validate(img, alpha, fill);
  const stats = matteStats(alpha, w);
  // The clean plate costs two blurs: only edge pixels and the blur fill need it.
  let plate: Float32Array | undefined;
  const old = () => (plate ??= backgroundPlate(img, alpha));
  const bg = await backgroundLayer(img, alpha, fill, opts.asset, old);
  const oldRgb = stats.edge > 0 ? old() : bg;
  const shadow =
    opts.shadow && fill.kind !== 'transparent' ? dropShadow(alpha, w, h, stats.height) : undefined;

  const out = cloneRaster(img);
  const mask = new Uint8Array(n);
  const cutOut = fill.kind === 'transparent';
  for (let i = 0; i < n; i++) {
    if (alpha[i] === 255) continue;
    mask[i] = 1;
    const a = alpha[i] / 255;
    if (cutOut) {
      // Straight alpha: the pixel keeps the subject's own (unmixed) colour and gets the matte's alpha.
      for (let c = 0; c < 3; c++) {
        const I = img.data[i * 4 + c];
        out.data[i * 4 + c] =
          a > 0 ? Math.round(Math.min(255, Math.max(0, (I - (1 - a) * oldRgb[i * 3 + c]) / a))) : 0;
      }
      out.data[i * 4 + 3] = Math.round(a * img.data[i * 4 + 3]);
      continue;
    }
    const dark = shadow ? 1 - shadow.layer[i] : 1;
    for (let c = 0; c < 3; c++) {
      const I = img.data[i * 4 + c];
      const F = a > 0 ? Math.min(255, Math.max(0, (I - (1 - a) * oldRgb[i * 3 + c]) / a)) : 0;
      out.data[i * 4 + c] = Math.round(a * F + (1 - a) * bg[i * 3 + c] * dark);
    }
    // The new background is opaque, whatever the input's alpha was there.
    out.data[i * 4 + 3] = Math.round(a * img.data[i * 4 + 3] + (1 - a) * 255);
  }

  const fraction = stats.subject / n;
  const warnings: string[] = [];
  if (opts.shadow && cutOut)
    warnings.push('A cut-out has no background to cast a shadow on: no shadow was drawn.');
  if (fraction < MIN_SUBJECT || fraction > MAX_SUBJECT) {
    warnings.push(
      `No clear subject found: the subject covers ${(fraction * 100).toFixed(1)}% of the image, ` +
        'so the background replaced may not be the one meant.',
    );
  }
  const details: Record<string, unknown> = {
    fill: fill.kind,
    ...('name' in fill && fill.name ? { fill_name: fill.name } : {}),
    ...(fill.kind === 'blur' ? { blur_sigma_px: round2(scaleSigma(fill.sigma, img)) } : {}),
    ...(fill.kind === 'asset' && opts.asset
      ? { asset: { width: opts.asset.width, height: opts.asset.height } }
      : {}),
    subject_fraction: round2(fraction, 4),
    edge_pixels: stats.edge,
    changed_pixels: n - stats.solid,
    decontaminated: stats.edge > 0,
    shadow: shadow ? shadow.details : false,
  };
  return { raster: out, mask, details, warnings };
}

function matteStats(alpha: Uint8Array, w: number) {
  let subject = 0;
  let edge = 0;
  let solid = 0;
  let top = Infinity;
  let bottom = -1;
  for (let i = 0; i < alpha.length; i++) {
    const a = alpha[i];
    if (a === 255) solid++;
    else if (a > 0) edge++;
    if (a < 128) continue;
    subject++;
    const y = Math.floor(i / w);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  }
  return { subject, edge, solid, height: bottom < 0 ? 0 : bottom - top + 1 };
}

/**
 * The subject's silhouette moved down and blurred, as a darkening factor for the new background
 * (0 = untouched). It lands only where the subject is not: the compose step multiplies it into
 * the background term, which the subject covers.
 */
function dropShadow(alpha: Uint8Array, w: number, h: number, subjectHeight: number) {
  const dy = Math.max(2, Math.round(SHADOW.offset * subjectHeight));
  const sigma = Math.max(2, SHADOW.sigma * subjectHeight);
  const moved = new Float32Array(w * h);
  for (let y = dy; y < h; y++) {
    for (let x = 0; x < w; x++) moved[y * w + x] = (alpha[(y - dy) * w + x] / 255) * SHADOW.opacity;
  }
  const layer = gaussianBlur(moved, w, h, sigma);
  return { layer, details: { opacity: SHADOW.opacity, offset_px: dy, blur_sigma_px: round2(sigma) } };
}

function validate(img: Raster, alpha: Uint8Array, fill: BackgroundFill): void {
  const bad = (message: string, details: Record<string, unknown>) =>
    new ScalpelError('INVALID_ARGUMENT', message, { stage: 'edit', details });
  if (alpha.length !== img.width * img.height) {
    throw bad('The background matte does not match the image size.', {
      matte_pixels: alpha.length,
      image_pixels: img.width * img.height,
    });
  }
  const isRgb = (c: unknown) =>
    Array.isArray(c) && c.length === 3 && c.every((v) => Number.isInteger(v) && v >= 0 && v <= 255);
  if (fill.kind === 'color' && !isRgb(fill.rgb))
    throw bad('The background colour is not RGB 0–255.', { rgb: fill.rgb });
  if (fill.kind === 'gradient' && (fill.stops.length === 0 || !fill.stops.every(isRgb))) {
    throw bad('A background gradient needs one or more RGB 0–255 stops.', { stops: fill.stops });
  }
  if (fill.kind === 'blur' && !(Number.isFinite(fill.sigma) && fill.sigma > 0 && fill.sigma <= 200)) {
    throw bad('The background blur must be 0 < sigma ≤ 200.', { sigma: fill.sigma });
  }
  if (!['color', 'gradient', 'blur', 'asset', 'transparent'].includes(fill.kind)) {
    throw bad(`Unknown background fill '${(fill as { kind: string }).kind}'.`, {
      valid: ['color', 'gradient', 'blur', 'asset'],
    });
  }
}

function round2(v: number, digits = 2): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}
