/** The plain-JSON shapes of a poster case and of its rendering. */
import type { Box, ColorSpec, Rgb } from '../../src/types.js';
import type { FontId } from '../../src/text/fonts.js';
import type { PhotoName } from './photos.js';

export type BackgroundKind = 'solid' | 'gradient' | 'photo';
export type Align = 'left' | 'center' | 'right';
export type TextKind = 'zh' | 'en' | 'price' | 'mixed';

/**
 * How the background is drawn; `dim` lays a translucent black (or white, if negative) veil over a photo,
 * `blur` (Gaussian sigma, px) softens it as a shallow depth of field would.
 */
export type BackgroundSpec =
  | { kind: 'solid'; color: Rgb }
  | { kind: 'gradient'; from: Rgb; to: Rgb; angleDeg: number }
  | { kind: 'photo'; photo: PhotoName; dim: number; blur?: number };

/** Untouched scenery: other text lines and shapes that an edit must leave bit-identical. */
export type Decoration =
  | {
      kind: 'text';
      text: string;
      font: FontId;
      sizePx: number;
      color: Rgb;
      x: number;
      y: number;
      align: Align;
    }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; color: Rgb; radius: number }
  | { kind: 'circle'; cx: number; cy: number; r: number; color: Rgb };

export interface PosterCase {
  /** Stable, descriptive id (`p07-photo-serif-bold-price-rot`): `--filter` matches substrings of it. */
  id: string;
  width: number;
  height: number;
  background: BackgroundKind;
  bg: BackgroundSpec;
  font: FontId;
  sizePx: number;
  color: Rgb;
  outline?: { color: Rgb; width: number };
  shadow?: { color: Rgb; dx: number; dy: number; blur: number };
  angleDeg: number;
  align: Align;
  /** Text anchor: the alignment point on the alphabetic baseline; rotation is about it. */
  anchor: { x: number; y: number };
  kind: TextKind;
  oldText: string;
  newText: string;
  /** Set when the instruction asks for a colour: the ground truth is drawn in it. */
  newColor?: ColorSpec;
  instruction: string;
  decorations: Decoration[];
}

export interface RenderedPoster {
  png: Buffer;
  /** Axis-aligned box of the drawn text, outline and shadow included, clamped to the image. */
  textBox: Box;
}
