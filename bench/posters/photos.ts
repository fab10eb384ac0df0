/**
 * Where the benchmark finds its inputs: the repo root and the fixture photos (test/fixtures/photos), plus a cached loader
 * that turns a photo into a poster-sized background.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadImage, type Image } from '@napi-rs/canvas';
import sharp from 'sharp';

/** The repo root, found from this file whether it runs as bench/posters/photos.ts or from dist/. */
export const repoRoot = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // here is bench/posters or dist/bench/posters.
  const up = path.basename(path.resolve(here, '../..')) === 'dist' ? '../../..' : '../..';
  return path.resolve(here, up);
})();

/** Fixture photos: chelsea/coffee/astronaut are RGB, brick/grass/gravel are gray. */
export const PHOTOS_DIR = path.join(repoRoot, 'test/fixtures/photos');
export const PHOTO_NAMES = ['chelsea', 'coffee', 'astronaut', 'brick', 'grass', 'gravel'] as const;
export type PhotoName = (typeof PHOTO_NAMES)[number];

const photoCache = new Map<string, Promise<Image>>();

/**
 * A fixture photo scaled and centre-cropped to fill `width` x `height`, as sRGB (gray photos too),
 * blurred with Gaussian sigma `blur` when it is at least 0.3 (sharp's minimum).
 */
export function loadPhoto(name: string, width: number, height: number, blur = 0): Promise<Image> {
  const key = `${name}@${width}x${height}~${blur}`;
  let hit = photoCache.get(key);
  if (!hit) {
    hit = sharp(path.join(PHOTOS_DIR, `${name}.png`))
      .resize(width, height, { fit: 'cover' })
      .toColourspace('srgb')
      .removeAlpha()
      .blur(blur >= 0.3 ? blur : false)
      .png()
      .toBuffer()
      .then((buf) => loadImage(buf));
    photoCache.set(key, hit);
  }
  return hit;
}
