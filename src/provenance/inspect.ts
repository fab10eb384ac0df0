import { decodeImage } from '../image/io.js';
import { binding, readAigc, type AigcLabel } from './aigc.js';

export interface Inspection {
  format: string;
  width: number;
  height: number;
  /** The GB 45438-2025 implicit label, or null when the file has none. */
  aigc: AigcLabel | null;
  /**
   * `intact`: the label's ReservedCode1 matches these pixels; `changed`: the pixels are not the ones
   * it was written for (edited afterwards, or the label copied onto another image); `unbound`: a
   * label without our binding (another producer's); `none`: no label.
   */
  binding: 'intact' | 'changed' | 'unbound' | 'none';
}

/** What a file says about its origin, checked against its pixels. */
export async function inspectImage(file: Buffer): Promise<Inspection> {
  const { raster, format } = await decodeImage(file);
  const aigc = (await readAigc(file)) ?? null;
  const state = !aigc
    ? 'none'
    : !aigc.ReservedCode1?.startsWith('sha256:')
      ? 'unbound'
      : binding(aigc.ProduceID, raster) === aigc.ReservedCode1
        ? 'intact'
        : 'changed';
  return { format, width: raster.width, height: raster.height, aigc, binding: state };
}
