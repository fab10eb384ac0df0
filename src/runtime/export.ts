import sharp from 'sharp';
import { ScalpelError } from '../errors.js';
import { decodeImage, IMAGE_FORMATS, type ImageFormat } from '../image/io.js';
import { maskBounds } from '../image/mask.js';
import { matteSubject } from '../perception/matte.js';
import type { Raster } from '../image/raster.js';
import type { Box } from '../types.js';
import { readAigc, withLabel } from '../provenance/aigc.js';
import {
  checkVisibleLabel,
  drawVisibleLabel,
  visibleRecord,
  type LabelCorner,
  type VisibleLabel,
} from '../provenance/visible.js';
import { screenImage } from '../safety/gate.js';
import { DEFAULTS } from './options.js';

/** Common platform formats (sizes as the platforms ask for them in 2026). */
export const EXPORT_PRESETS = {
  'square-800': { width: 800, height: 800, use: '电商主图 / marketplace main image, 1:1' },
  'square-1080': { width: 1080, height: 1080, use: '朋友圈 / Instagram square, 1:1' },
  'portrait-3x4': { width: 1080, height: 1440, use: '小红书 / Xiaohongshu, 3:4' },
  'portrait-4x5': { width: 1080, height: 1350, use: 'Instagram portrait, 4:5' },
  'story-9x16': { width: 1080, height: 1920, use: '抖音 · 视频号 · Stories, 9:16' },
  'landscape-16x9': { width: 1920, height: 1080, use: 'B站 / YouTube cover, 16:9' },
  'wechat-cover': { width: 900, height: 383, use: '公众号封面 / WeChat article cover, 2.35:1' },
} as const;
export type ExportPreset = keyof typeof EXPORT_PRESETS;
export const EXPORT_PRESET_IDS = Object.keys(EXPORT_PRESETS) as ExportPreset[];

export interface Exported {
  preset: ExportPreset;
  image: Buffer;
  report: {
    preset: ExportPreset;
    width: number;
    height: number;
    format: ImageFormat;
    /** `crop`: the window below fills the frame; `pad`: the whole image, on a blurred extension of itself. */
    fit: 'crop' | 'pad';
    /** The part of the input that was kept (input pixels), before resizing. */
    crop: Box;
    /** The salient subject's box in the input, or null when none stood out. */
    subject: Box | null;
    /** Share of the subject's box inside the crop: 1 = all of it kept. */
    subject_kept: number | null;
    /** > 1 when the crop was smaller than the preset and was enlarged. */
    upscale: number;
    global: true;
    warnings: string[];
    /** The visible AIGC label drawn on it (SCALPEL_VISIBLE_LABEL, an AI-labelled source only). */
    visible_label?: VisibleLabel;
  };
}

/** Checks preset names before any work: an unknown one is refused with the valid ones listed. */
export function checkPresets(presets: string[]): ExportPreset[] {
  const bad = presets.filter((p) => !(p in EXPORT_PRESETS));
  if (presets.length === 0 || bad.length) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      presets.length === 0
        ? `Name at least one preset: ${EXPORT_PRESET_IDS.join(', ')}.`
        : `Unknown preset '${bad[0]}'. Valid presets: ${EXPORT_PRESET_IDS.join(', ')}.`,
      { stage: 'args', details: { presets, valid: EXPORT_PRESET_IDS } },
    );
  }
  return [...new Set(presets)] as ExportPreset[];
}

/**
 * The image at each preset's size and shape, cropped around its subject: the largest window of the
 * preset's shape that fits the image, placed to hold the subject's box whole when it can (centred on
 * it otherwise), then resized. A resampled whole image by nature: reported as global.
 */
export async function exportPresets(
  input: Buffer,
  presets: string[],
  opts: { format?: ImageFormat; maxPixels?: number; visibleLabel?: LabelCorner } = {},
): Promise<Exported[]> {
  const ids = checkPresets(presets);
  const label = opts.visibleLabel ? checkVisibleLabel({ corner: opts.visibleLabel }) : undefined;
  if (opts.format !== undefined && !IMAGE_FORMATS.includes(opts.format)) {
    throw new ScalpelError('INVALID_ARGUMENT', `Unknown output format '${opts.format}'.`, {
      stage: 'args',
      details: { format: opts.format, valid: IMAGE_FORMATS },
    });
  }
  const { raster, format } = await decodeImage(input, opts.maxPixels ?? DEFAULTS.maxPixels);
  const { width: W, height: H } = raster;
  // Exported images are published: screened as an edit's input is.
  await screenImage(raster, true);
  const subject = await findSubject(raster);
  const source = await readAigc(input).catch(() => undefined);
  const out: Exported[] = [];
  for (const preset of ids) {
    const { width, height } = EXPORT_PRESETS[preset];
    const warnings: string[] = [];
    const window_ = window(W, H, width / height, subject);
    const cropKept = subject ? overlap(subject, window_) / (subject.width * subject.height) : null;
    // A frame that would cut a quarter of the subject or more (a tall poster as a 2.35:1 cover)
    // shows the whole image instead, on a blurred enlargement of itself.
    const pad = cropKept !== null && cropKept < PAD_BELOW;
    const crop = pad ? { x: 0, y: 0, width: W, height: H } : window_;
    const kept = pad ? 1 : cropKept;
    const upscale = pad
      ? Math.min(width / W, height / H)
      : Math.max(width / crop.width, height / crop.height);
    if (pad)
      warnings.push(
        `The subject does not fit a ${width}×${height} frame (a crop would cut ${Math.round((1 - (cropKept ?? 0)) * 100)}% of it): the whole image is shown on a blurred extension of itself.`,
      );
    else if (kept !== null && kept < 0.98)
      warnings.push(
        `The subject does not fit a ${width}×${height} frame: ${Math.round((1 - kept) * 100)}% of its box was cut.`,
      );
    if (upscale > 1.05)
      warnings.push(`The image was enlarged ×${upscale.toFixed(2)} to fill ${width}×${height}.`);
    const fmt = opts.format ?? format;
    // Labelled as the image it comes from was (GB 45438-2025), bound to the exported pixels.
    const px = await (await frame(raster, crop, width, height, pad)).raw().toBuffer();
    // An AI-made image keeps its visible label too, where the operator wants it: a crop may have cut
    // the original's off, and a resize changed its size; drawn anew at this frame's size.
    const visible =
      label && source
        ? drawVisibleLabel(
            { data: new Uint8Array(px.buffer, px.byteOffset, px.length), width, height },
            label,
          )
        : undefined;
    const encode = (xmp?: string) => {
      let img = sharp(px, { raw: { width, height, channels: 4 } });
      if (xmp) img = img.withXmp(xmp);
      img =
        fmt === 'jpeg'
          ? img.flatten({ background: '#ffffff' }).jpeg({ quality: 90 })
          : fmt === 'webp'
            ? img.webp({ quality: 90 })
            : img.png();
      return img.toBuffer();
    };
    const { file } = await withLabel({ data: px, width, height }, fmt !== 'png', encode, {
      from: source,
      ...(label && visible ? { visible: visibleRecord(label) } : {}),
    });
    out.push({
      preset,
      image: file,
      report: {
        preset,
        width,
        height,
        format: fmt,
        fit: pad ? 'pad' : 'crop',
        crop,
        subject,
        subject_kept: kept === null ? null : Math.round(kept * 1000) / 1000,
        upscale: Math.round(upscale * 100) / 100,
        global: true,
        warnings: visible?.warning ? [...warnings, visible.warning] : warnings,
        ...(visible ? { visible_label: visible } : {}),
      },
    });
  }
  return out;
}

const PAD_BELOW = 0.75;

/** The pixels of one preset: the crop resized to fill the frame, or (pad) fitted inside a blurred fill. */
async function frame(raster: Raster, crop: Box, width: number, height: number, pad: boolean) {
  const raw = () =>
    sharp(Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.byteLength), {
      raw: { width: raster.width, height: raster.height, channels: 4 },
    });
  if (!pad) {
    return raw()
      .extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height })
      .resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  }
  const fill = await raw()
    .resize(width, height, { fit: 'cover' })
    .blur(Math.max(8, Math.round(Math.max(width, height) / 30)))
    .raw()
    .toBuffer();
  const whole = await raw().resize(width, height, { fit: 'inside', kernel: 'lanczos3' }).png().toBuffer();
  const flat = await sharp(fill, { raw: { width, height, channels: 4 } })
    .composite([{ input: whole, gravity: 'centre' }])
    .raw()
    .toBuffer();
  return sharp(flat, { raw: { width, height, channels: 4 } });
}

/** The salient subject's box (ISNet), or undefined when nothing stands out or everything does. */
async function findSubject(raster: Parameters<typeof matteSubject>[0]): Promise<Box | null> {
  const alpha = await matteSubject(raster);
  const solid = alpha.map((a) => (a >= 128 ? 1 : 0));
  const box = maskBounds(solid, raster.width, raster.height);
  if (!box) return null;
  const share = (box.width * box.height) / (raster.width * raster.height);
  return share > 0.9 || share < 0.002 ? null : box;
}

/**
 * The largest window of aspect `a` in W×H, centred on the subject `s` (the image's centre without
 * one) and kept inside the image: it holds the subject whole whenever the subject is no larger, and
 * the subject's top when it is taller.
 */
export function window(W: number, H: number, a: number, s: Box | null): Box {
  const width = Math.min(W, Math.round(H * a));
  const height = Math.min(H, Math.round(W / a));
  const sb = s ?? { x: 0, y: 0, width: W, height: H };
  const clamp = (v: number, size: number, total: number) =>
    Math.min(Math.max(Math.round(v), 0), total - size);
  const x = clamp(sb.x + sb.width / 2 - width / 2, width, W);
  // A subject taller than the frame keeps its top (a head, a cup's rim), with a little air above.
  const y =
    sb.height > height
      ? clamp(sb.y - height * 0.04, height, H)
      : clamp(sb.y + sb.height / 2 - height / 2, height, H);
  return { x, y, width, height };
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return Math.max(0, w) * Math.max(0, h);
}
