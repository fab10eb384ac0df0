import type { Raster } from '../image/raster.js';
import { readLines } from '../perception/ocr.js';
import type { EditPlan } from '../types.js';
import { refuseIdentityDocument } from './identity.js';
import { refuseUnsafe } from './nsfw.js';

/**
 * What every edit passes before any model edits a pixel: the image and the asset are screened for
 * sexual content (a question too: nothing is said about such an image), and an image that is an
 * identity document or a bank card is not edited. Forgery requests were refused with the sentence.
 */
export async function screenInputs(img: Raster, plan: EditPlan, asset?: Raster): Promise<void> {
  await screenImage(
    img,
    plan.steps.some((s) => s.op !== 'query'),
  );
  if (asset) await refuseUnsafe(asset, 'asset');
}

/**
 * One image: sexual content refused; when it is to be edited, exported or published, an identity
 * document too. OCR is shared with the text steps through the analysis cache.
 */
export async function screenImage(img: Raster, altering: boolean): Promise<void> {
  await refuseUnsafe(img, 'image');
  if (altering) refuseIdentityDocument(await readLines(img));
}

/** A generative engine's result is screened too: it drew pixels the input did not have. */
export async function screenResult(img: Raster): Promise<void> {
  await refuseUnsafe(img, 'result');
}
