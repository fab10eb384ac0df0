import sharp from 'sharp';
import { ScalpelError } from '../../index.js';
import { judgeQuality, measureQuality, type QualityMeasures } from '../../image/quality-gate.js';
import type { ServiceConfig } from '../config.js';
import { fetchImageUrl } from '../policy/fetch-url.js';
import type { ImageRecord, ImageStore } from './images.js';

/** An image as a request gives it: raw bytes (multipart), base64 or a data: URL (JSON), or an http(s) URL. */
export type ImageSource = { bytes: Buffer } | { base64: string } | { url: string };

export type ImageRole = 'image' | 'mask' | 'asset';

export interface Intake {
  record: ImageRecord;
  warnings: string[];
  quality?: QualityMeasures;
}

const FORMATS = ['png', 'jpeg', 'webp'];

/**
 * Turns a request's image into a stored, checked image: size limits before decoding, format by
 * content (not by name), a full decode (a truncated file fails here, not in a job), and for the main
 * image the quality gate (blur, exposure, noise), which warns or refuses with the measured values.
 */
export async function intakeImage(
  src: ImageSource,
  role: ImageRole,
  owner: string,
  deps: { config: ServiceConfig; images: ImageStore },
): Promise<Intake> {
  const { config } = deps;
  const bytes = await read(src, role, config);
  const fail = (
    code: 'INVALID_IMAGE' | 'UNSUPPORTED_FORMAT' | 'IMAGE_TOO_LARGE',
    message: string,
    details = {},
  ) =>
    new ScalpelError(code, `The ${role}: ${message}`, {
      stage: 'load',
      details: { field: role, ...details },
    });
  if (bytes.length === 0) throw fail('INVALID_IMAGE', 'it is empty.');
  if (bytes.length > config.maxBodyBytes) {
    throw fail('IMAGE_TOO_LARGE', `it has ${bytes.length} bytes; the limit is ${config.maxBodyBytes}.`, {
      bytes: bytes.length,
      max_bytes: config.maxBodyBytes,
    });
  }
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new ScalpelError('INVALID_IMAGE', `The ${role} is not a readable image.`, {
      stage: 'load',
      details: { field: role },
      cause: err,
    });
  }
  const format = meta.format === 'jpg' ? 'jpeg' : String(meta.format);
  if (!FORMATS.includes(format)) {
    throw fail('UNSUPPORTED_FORMAT', `format '${format}' is not supported.`, { format, supported: FORMATS });
  }
  const swap = (meta.orientation ?? 1) >= 5;
  const width = (swap ? meta.height : meta.width) ?? 0;
  const height = (swap ? meta.width : meta.height) ?? 0;
  // From the header alone: a decompression bomb is refused before a single pixel is decoded.
  if (width * height > config.maxPixels) {
    throw fail('IMAGE_TOO_LARGE', `${width}×${height} pixels is over the limit of ${config.maxPixels}.`, {
      width,
      height,
      max_pixels: config.maxPixels,
    });
  }
  let small: { data: Buffer; info: sharp.OutputInfo };
  try {
    small = await sharp(bytes, { limitInputPixels: config.maxPixels, failOn: 'error' })
      .rotate()
      .resize(1024, 1024, { fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new ScalpelError('INVALID_IMAGE', `The ${role} could not be decoded (truncated or corrupt).`, {
      stage: 'load',
      details: { field: role },
      cause: err,
    });
  }
  const warnings: string[] = [];
  let quality: QualityMeasures | undefined;
  if (role === 'image' && config.qualityGate !== 'off') {
    quality = measureQuality({
      data: new Uint8Array(small.data),
      width: small.info.width,
      height: small.info.height,
    });
    const problems = judgeQuality(quality);
    if (problems.length && config.qualityGate === 'refuse') {
      throw new ScalpelError('LOW_QUALITY_INPUT', problems.map((p) => p.message).join(' '), {
        stage: 'load',
        details: { problems, measured: quality },
      });
    }
    warnings.push(...problems.map((p) => p.message));
  }
  const record = deps.images.put(owner, bytes, { format, width, height });
  return { record, warnings, quality };
}

async function read(src: ImageSource, role: ImageRole, config: ServiceConfig): Promise<Buffer> {
  if ('bytes' in src) return src.bytes;
  if ('url' in src) {
    const got = await fetchImageUrl(src.url, {
      maxBytes: config.maxBodyBytes,
      timeoutMs: config.urlTimeoutMs,
      allowPrivate: config.urlAllowPrivate,
    });
    return got.bytes;
  }
  const b64 = src.base64.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64)) {
    throw new ScalpelError('INVALID_IMAGE', `The ${role} is neither base64 nor a URL.`, {
      stage: 'request',
      details: { field: role },
    });
  }
  return Buffer.from(b64, 'base64');
}
