import sharp from 'sharp';
import { ScalpelError } from '../../errors.js';
import type { Raster } from '../../image/raster.js';
import type { BackgroundFill, Rgb } from '../../types.js';
import { weightedBlur } from './blur.js';

/** Sigmas in the plan are "px at 1024 px on the long side": scale them to this image. */
export function scaleSigma(sigma: number, img: Raster): number {
  return (sigma * Math.max(img.width, img.height)) / 1024;
}

/**
 * Reach of the old-background estimate behind edge pixels (px at 1024 long side, at least 3 px):
 * wide enough to cross ISNet's soft band into pure background, narrow enough to stay local (a
 * green wall on one side of the subject and a red one on the other).
 */
const PLATE_SIGMA = 8;
/** Only pixels at most this opaque teach the plate: anything more carries subject colour. */
const PLATE_MAX_ALPHA = 25;

/**
 * The old background with the subject taken out ("clean plate"), interleaved RGB floats: the input
 * where the matte is 0, elsewhere spread in from nearby near-pure background pixels.
 */
export function backgroundPlate(img: Raster, alpha: Uint8Array): Float32Array {
  const { width: w, height: h, data } = img;
  const n = w * h;
  const rgb = new Float32Array(n * 3);
  const weight = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = data[i * 4 + c];
    weight[i] = Math.max(0, 1 - alpha[i] / PLATE_MAX_ALPHA);
  }
  const sigma = Math.max(3, scaleSigma(PLATE_SIGMA, img));
  const spread = weightedBlur(rgb, w, h, weight, sigma, 4 * sigma);
  for (let i = 0; i < n; i++)
    if (alpha[i] === 0) for (let c = 0; c < 3; c++) spread[i * 3 + c] = rgb[i * 3 + c];
  return spread;
}

/** The new background as interleaved RGB floats (0–255) at the image's size. */
export async function backgroundLayer(
  img: Raster,
  alpha: Uint8Array,
  fill: BackgroundFill,
  asset: Raster | undefined,
  plate: () => Float32Array,
): Promise<Float32Array> {
  const { width: w, height: h } = img;
  const out = new Float32Array(w * h * 3);
  switch (fill.kind) {
    case 'color':
      for (let i = 0; i < w * h * 3; i++) out[i] = fill.rgb[i % 3];
      return out;
    case 'gradient': {
      const vertical = fill.direction === 'vertical';
      const along = vertical ? h : w;
      const line = Array.from({ length: along }, (_, k) =>
        gradientAt(fill.stops, along > 1 ? k / (along - 1) : 0),
      );
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) out.set(line[vertical ? y : x], (y * w + x) * 3);
      return out;
    }
    case 'blur': {
      // Blur the clean plate, weighted by how much of each pixel was background to begin with:
      // every pixel the new background shows through has weight, so one scale is enough.
      const weight = new Float32Array(w * h);
      for (let i = 0; i < w * h; i++) weight[i] = 1 - alpha[i] / 255;
      return weightedBlur(plate(), w, h, weight, scaleSigma(fill.sigma, img));
    }
    case 'asset':
      return coverAsset(asset, w, h);
    case 'transparent':
      // Nothing shows behind the subject; the colour under zero alpha is irrelevant but defined.
      return out;
  }
}

/** Colour at t ∈ [0, 1] along evenly spaced stops (sRGB, linear between neighbours). */
function gradientAt(stops: Rgb[], t: number): Rgb {
  if (stops.length === 1) return stops[0];
  const s = t * (stops.length - 1);
  const k = Math.min(Math.floor(s), stops.length - 2);
  const f = s - k;
  return [0, 1, 2].map((c) => stops[k][c] + (stops[k + 1][c] - stops[k][c]) * f) as Rgb;
}

/** The asset scaled to cover the image and centre-cropped; transparency shows white. */
async function coverAsset(asset: Raster | undefined, w: number, h: number): Promise<Float32Array> {
  if (!asset || asset.width < 1 || asset.height < 1) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      'Replacing the background with an image needs the image: pass it with --asset <file>.',
      { stage: 'edit', details: { fill: 'asset' } },
    );
  }
  const rgb = await sharp(asset.data, { raw: { width: asset.width, height: asset.height, channels: 4 } })
    .flatten({ background: '#ffffff' })
    .resize(w, h, { fit: 'cover' })
    .raw()
    .toBuffer();
  return Float32Array.from(rgb);
}
