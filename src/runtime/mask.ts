import { ScalpelError } from '../errors.js';
import { decodeImage } from '../image/io.js';
import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';

/** A user mask: any image the size of the input; white (luminance ≥ 128, opaque) means "may edit". */
export async function decodeMask(input: Buffer, width: number, height: number): Promise<Mask> {
  let decoded: Raster;
  try {
    // Decoded like every image (upright, RGBA); a mask larger than the input is refused from its header.
    decoded = (await decodeImage(input, width * height + 1)).raster;
  } catch (err) {
    throw new ScalpelError(
      'INVALID_MASK',
      'The mask is not a readable image of the same size as the input.',
      {
        stage: 'load',
        cause: err,
      },
    );
  }
  const { data } = decoded;
  const info = { width: decoded.width, height: decoded.height };
  if (info.width !== width || info.height !== height) {
    throw new ScalpelError(
      'INVALID_MASK',
      `The mask is ${info.width}×${info.height}; the image is ${width}×${height}.`,
      {
        stage: 'load',
        details: { mask: { width: info.width, height: info.height }, image: { width, height } },
      },
    );
  }
  const mask = new Uint8Array(width * height);
  let set = 0;
  for (let i = 0; i < mask.length; i++) {
    const lum = 0.299 * data[i * 4] + 0.587 * data[i * 4 + 1] + 0.114 * data[i * 4 + 2];
    mask[i] = lum >= 128 && data[i * 4 + 3] >= 128 ? 1 : 0;
    set += mask[i];
  }
  if (set === 0)
    throw new ScalpelError('INVALID_MASK', 'The mask is all black: it allows no edit.', { stage: 'load' });
  return mask;
}
