import { createCanvas } from '@napi-rs/canvas';
import { ScalpelError } from '../errors.js';
import type { Raster } from '../image/raster.js';
import { fontString, loadFont } from '../text/fonts.js';
import type { Box } from '../types.js';

/**
 * The optional visible (explicit) AIGC label of GB 45438-2025: words on the image itself, at an edge or
 * corner, that say it was made with AI. The standard asks for words naming AI (人工智能 or AI) and
 * generation or synthesis (生成 / 合成), text at least 5% of the image's shortest side high; we draw
 * them on a translucent dark plate so they read on any background.
 */
export const LABEL_CORNERS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
export type LabelCorner = (typeof LABEL_CORNERS)[number];

export interface VisibleLabelOptions {
  /** Default 'AI生成'. */
  text?: string;
  /** Default 'bottom-right'. */
  corner?: LabelCorner;
}

/** What was drawn and where: the box is part of the edit's region (nothing else changes for it). */
export interface VisibleLabel {
  text: string;
  corner: LabelCorner;
  box: Box;
  font_px: number;
  /** Set when the image is too small for the words at the standard's size. */
  warning?: string;
  /**
   * The input already carried this label here (its implicit label says so) and the edit left the
   * box alone: not drawn again, which would darken the plate (a session's next version).
   */
  kept?: true;
}

const MIN_SHARE = 0.05;

/** The options, checked before any work: a label must say what the standard asks it to say. */
export function checkVisibleLabel(o: VisibleLabelOptions = {}): Required<VisibleLabelOptions> {
  const text = (o.text ?? 'AI生成').normalize('NFKC').trim();
  const corner = o.corner ?? 'bottom-right';
  if (!(LABEL_CORNERS as readonly string[]).includes(corner)) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `Unknown label corner '${corner}'. Valid corners: ${LABEL_CORNERS.join(', ')}.`,
      { stage: 'args', details: { corner, valid: LABEL_CORNERS } },
    );
  }
  const says =
    /人工智能|(?<![A-Za-z])AI(?![A-Za-z])/.test(text) && /生成|合成|generated|synthesi[sz]ed/i.test(text);
  if (!says || text.length > 24) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `The visible label '${text.slice(0, 40)}' must name AI (人工智能 or AI) and generation or synthesis (生成, 合成), in at most 24 characters.`,
      { stage: 'args', details: { text: text.slice(0, 40) } },
    );
  }
  return { text, corner };
}

/** Where the label goes on an image of this size, and at which size: the same every time. */
export function placeVisibleLabel(
  size: { width: number; height: number },
  o: Required<VisibleLabelOptions>,
): VisibleLabel {
  const raster = size;
  const face = loadFont('sans-bold');
  const short = Math.min(raster.width, raster.height);
  const margin = Math.max(2, Math.round(short * 0.02));
  const measure = createCanvas(4, 4).getContext('2d');
  const widthAt = (px: number) => {
    measure.font = fontString(face, px);
    return measure.measureText(o.text).width + px * 0.8;
  };
  // Ideographs fill about 0.9 of the em, Latin capitals 0.7: the characters themselves reach the
  // standard's share of the shortest side. Smaller only when the words could not fit across at all.
  const fill = /[\u3400-\u9fff]/.test(o.text) ? 0.9 : 0.7;
  const want = Math.max(10, Math.ceil((short * MIN_SHARE) / fill));
  let px = want;
  while (px > 6 && widthAt(px) > raster.width - 2 * margin) px--;
  const box: Box = {
    width: Math.min(raster.width, Math.ceil(widthAt(px))),
    height: Math.min(raster.height, Math.ceil(px * 1.5)),
    x: 0,
    y: 0,
  };
  box.x = o.corner.endsWith('right') ? raster.width - margin - box.width : margin;
  box.y = o.corner.startsWith('bottom') ? raster.height - margin - box.height : margin;
  box.x = Math.max(0, box.x);
  box.y = Math.max(0, box.y);
  const label: VisibleLabel = { text: o.text, corner: o.corner, box, font_px: px };
  if (px < want || box.width >= raster.width || box.height >= raster.height)
    label.warning = `The image is too small for the visible label at its size: drawn at ${px} px where ${want} px was wanted.`;
  return label;
}

/** Draws the label into the raster (in place) and says where. */
export function drawVisibleLabel(raster: Raster, o: Required<VisibleLabelOptions>): VisibleLabel {
  const label = placeVisibleLabel(raster, o);
  const { box, font_px: px } = label;
  const canvas = createCanvas(box.width, box.height);
  const ctx = canvas.getContext('2d');
  const under = ctx.createImageData(box.width, box.height);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * raster.width + box.x) * 4;
    under.data.set(raster.data.subarray(from, from + box.width * 4), y * box.width * 4);
  }
  ctx.putImageData(under, 0, 0);
  ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.beginPath();
  ctx.roundRect(0, 0, box.width, box.height, px * 0.3);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.font = fontString(loadFont('sans-bold'), px);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(o.text, box.width / 2, box.height / 2);
  const drawn = ctx.getImageData(0, 0, box.width, box.height).data;
  for (let y = 0; y < box.height; y++) {
    const to = ((box.y + y) * raster.width + box.x) * 4;
    raster.data.set(drawn.subarray(y * box.width * 4, (y + 1) * box.width * 4), to);
  }
  return label;
}

/** How the implicit label's ReservedCode2 records a visible one (`visible:<corner>:<text>`). */
export const visibleRecord = (o: Required<VisibleLabelOptions>) => `visible:${o.corner}:${o.text}`;

/** Whether an input's implicit label records this very visible label. */
export function recordsVisible(reserved: string | undefined, o: Required<VisibleLabelOptions>): boolean {
  return (reserved ?? '').split(';').includes(visibleRecord(o));
}
