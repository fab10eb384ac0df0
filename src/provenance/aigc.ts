import crypto from 'node:crypto';
import sharp from 'sharp';
import type { Raster } from '../image/raster.js';
import type { AigcLabel } from '../types.js';

export type { AigcLabel } from '../types.js';

/**
 * The implicit label GB 45438-2025 asks of AI-generated or -edited images: an `AIGC` JSON in the
 * file's XMP, in TC260's namespace as its practice guide (TC260-PG-20258A) writes it. `Label` "1"
 * says the content is AI-generated or -synthesised; `ContentProducer` names the service (a company
 * name or filing number, `SCALPEL_AIGC_PRODUCER`); `ProduceID` numbers this output; `ReservedCode1`
 * binds the label to these pixels (see `binding`), so a label copied onto other pixels is detected.
 */
export const AIGC_NS = 'http://www.tc260.org.cn/ns/AIGC/1.0/';

/** sha256 over the ProduceID and the decoded pixels (size and RGBA): what the label vouches for. */
export function binding(produceId: string, r: Raster): string {
  const pixels = crypto.createHash('sha256').update(`${r.width}x${r.height}:`).update(r.data).digest('hex');
  return `sha256:${crypto.createHash('sha256').update(`${produceId}:${pixels}`).digest('hex')}`;
}

export const producerName = () => process.env.SCALPEL_AIGC_PRODUCER?.trim() || 'Scalpel';

/** A label for an output: a new ProduceID, bound to its pixels; `from` keeps the input's own label. */
export function labelFor(
  r: Raster,
  opts: {
    produceId?: string;
    from?: Pick<AigcLabel, 'ContentProducer' | 'ProduceID'>;
    /** The visible label on these pixels, as `visible:<corner>:<text>` (visible.ts). */
    visible?: string;
  } = {},
): AigcLabel {
  const produceId = opts.produceId ?? `scalpel-${crypto.randomUUID()}`;
  return {
    Label: '1',
    ContentProducer: producerName(),
    ProduceID: produceId,
    ReservedCode1: binding(produceId, r),
    ContentPropagator: '',
    PropagateID: '',
    // An input that was already labelled keeps its origin on record; a visible label is recorded too.
    ReservedCode2: [
      opts.from ? `derived-from:${opts.from.ContentProducer}/${opts.from.ProduceID}` : '',
      opts.visible ?? '',
    ]
      .filter(Boolean)
      .join(';'),
  };
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeXml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

/** The XMP packet carrying the label. */
export function aigcXmp(label: AigcLabel): string {
  return (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    `<rdf:Description rdf:about="" xmlns:TC260="${AIGC_NS}">` +
    `<TC260:AIGC>${escapeXml(JSON.stringify(label))}</TC260:AIGC>` +
    '</rdf:Description></rdf:RDF></x:xmpmeta>'
  );
}

/** The label in an image file's XMP, if any (any prefix bound to TC260's namespace). */
export async function readAigc(file: Buffer): Promise<AigcLabel | undefined> {
  const xmp = (await sharp(file).metadata()).xmp?.toString('utf8');
  if (!xmp) return undefined;
  const prefix = new RegExp(`xmlns:([\\w-]+)="${AIGC_NS.replace(/\/$/, '')}/?"`).exec(xmp)?.[1];
  if (!prefix) return undefined;
  const body = new RegExp(`<${prefix}:AIGC>([\\s\\S]*?)</${prefix}:AIGC>`).exec(xmp)?.[1];
  if (body === undefined) return undefined;
  try {
    return JSON.parse(unescapeXml(body.trim())) as AigcLabel;
  } catch {
    return undefined;
  }
}

/**
 * Encodes an image with its label: `encode(xmp)` writes the file. The binding is over the pixels a
 * decoder will read back, so a lossy format is encoded once without the label to learn them (the
 * encoder is deterministic, and metadata does not change the pixels it writes).
 */
export async function withLabel(
  raster: Raster,
  lossy: boolean,
  encode: (xmp?: string) => Promise<Buffer>,
  opts: Parameters<typeof labelFor>[1] = {},
): Promise<{ file: Buffer; label: AigcLabel }> {
  let pixels = raster;
  if (lossy) {
    const { data, info } = await sharp(await encode())
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    pixels = { data, width: info.width, height: info.height };
  }
  const label = labelFor(pixels, opts);
  return { file: await encode(aigcXmp(label)), label };
}
