import { ScalpelError } from '../../index.js';
import { CORRUPT, decodeFitted } from '../../image/io.js';
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
  const fail = (code: 'INVALID_IMAGE' | 'IMAGE_TOO_LARGE', message: string, details = {}) =>
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
  // The header and the pixels are read where every image is (src/image/io.ts); here the errors only
  // say which of the request's images they are about.
  const named = (err: unknown) => {
    const e = ScalpelError.from(err, 'load');
    const d = e.details;
    const said =
      e.code === 'UNSUPPORTED_FORMAT'
        ? `format '${String(d.format)}' is not supported.`
        : e.code === 'IMAGE_TOO_LARGE'
          ? `${String(d.width)}×${String(d.height)} pixels is over the limit of ${String(d.max_pixels)}.`
          : e.message === CORRUPT
            ? 'it could not be decoded (truncated or corrupt).'
            : 'it is not a readable image.';
    return new ScalpelError(e.code, `The ${role}: ${said}`, {
      stage: 'load',
      details: { field: role, ...d },
      cause: err,
    });
  };
  // One read: the header's checks (format, pixel limit) come before any pixel is decoded.
  const {
    header: { format, width, height },
    raster: small,
  } = await decodeFitted(bytes, 1024, config.maxPixels).catch((err: unknown) => {
    throw named(err);
  });
  const warnings: string[] = [];
  let quality: QualityMeasures | undefined;
  if (role === 'image' && config.qualityGate !== 'off') {
    quality = measureQuality(small);
    const problems = judgeQuality(quality);
    if (problems.length && config.qualityGate === 'refuse') {
      throw new ScalpelError('LOW_QUALITY_INPUT', problems.map((p) => p.message).join(' '), {
        stage: 'load',
        details: { problems, measured: quality },
      });
    }
    warnings.push(...problems.map((p) => p.message));
  }
  const record = await deps.images.put(owner, bytes, { format, width, height });
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
