import { ScalpelError } from '../errors.js';
import type { Raster } from '../image/raster.js';
import { missingGlyphs } from '../text/coverage.js';
import type { FontId } from '../text/fonts.js';
import { measureInk, renderText, type TextSpec } from '../text/render.js';
import type { Anchor, Box, Rgb } from '../types.js';
import { backgroundUnder, luminance, luminanceRatio, pickTextColour, type Background } from './contrast.js';
import { placeBox } from './place.js';

export interface Watermark {
  /** The text, its shadow included, in a transparent layer whose top-left lands at `at`. */
  layer: Raster;
  at: { x: number; y: number };
  /** The placed box: the ink of the glyphs, margin measured from it. */
  box: Box;
  factor: number;
  fill: Rgb;
  /** What keeps it legible: a dark shadow under light text, a light glow round dark text. */
  halo: 'dark-shadow' | 'light-glow' | 'none';
  font: FontId;
  sizePx: number;
  background: Background;
}

/** Below this size regular strokes get thin and break up on photos; bold holds together. */
const BOLD_BELOW_PX = 32;
const REF_PX = 100;

/**
 * A one-line text watermark in Noto Sans, as wide as the wanted box (height follows the text),
 * placed at the anchor. Without a given colour it takes light or dark text, whichever stands out
 * from the image under the box. Light text gets a soft dark shadow so it also holds on bright spots;
 * dark text gets a soft light glow only when the background has dark parts it would vanish into.
 */
export function textWatermark(
  img: Raster,
  text: string,
  colour: Rgb | undefined,
  anchor: Anchor,
  wantWidth: number,
  margin: number,
): Watermark {
  const missing = missingGlyphs(text, 'sans-regular');
  if (missing.length > 0) {
    throw new ScalpelError('INVALID_ARGUMENT', `The font has no glyph for: ${missing.join(' ')}.`, {
      stage: 'edit',
      details: { text, missing },
    });
  }
  const sizeFor = (font: FontId) => {
    const ink = measureInk(text, font, REF_PX);
    const inkW = ink.right - ink.left;
    if (inkW <= 0) {
      throw new ScalpelError('INVALID_ARGUMENT', 'The watermark text has nothing to draw.', {
        stage: 'edit',
        details: { text },
      });
    }
    const size = (REF_PX * wantWidth) / inkW;
    return { size, want: { width: wantWidth, height: ((ink.ascent + ink.descent) * size) / REF_PX } };
  };
  let font: FontId = 'sans-regular';
  let fit = sizeFor(font);
  if (fit.size < BOLD_BELOW_PX) fit = sizeFor((font = 'sans-bold'));
  const { box, factor } = placeBox(anchor, img.width, img.height, fit.want, margin);
  const sizePx = fit.size * factor;
  const background = backgroundUnder(img, box);
  const fill = colour ?? pickTextColour(background);
  const halo = haloFor(fill, background);
  const blur = Math.max(2, sizePx * 0.12);
  const dy = halo === 'dark-shadow' ? Math.max(1, sizePx * 0.035) : 0;
  const pad = halo === 'none' ? 2 : Math.ceil(blur * 1.5 + dy) + 2;
  const ink = measureInk(text, font, sizePx);
  const spec: TextSpec = {
    text,
    font,
    sizePx,
    // The ink is centred in the box: measured extents can differ from the box by hinting, a pixel at most.
    origin: {
      x: pad + (box.width - (ink.right - ink.left)) / 2 - ink.left,
      y: pad + (box.height - (ink.ascent + ink.descent)) / 2 + ink.ascent,
    },
    angle: 0,
    fill: { kind: 'solid', rgb: fill },
    shadow:
      halo === 'none'
        ? undefined
        : {
            rgb: halo === 'dark-shadow' ? [0, 0, 0] : [255, 255, 255],
            alpha: halo === 'dark-shadow' ? 0.45 : 0.6,
            dx: 0,
            dy,
            blur,
          },
  };
  const width = box.width + 2 * pad;
  const height = box.height + 2 * pad;
  const layer = { data: renderText(width, height, spec), width, height };
  return {
    layer,
    at: { x: box.x - pad, y: box.y - pad },
    box,
    factor,
    fill,
    halo,
    font,
    sizePx,
    background,
  };
}

function haloFor(fill: Rgb, bg: Background): Watermark['halo'] {
  const l = luminance(fill);
  if (l > luminance(bg.mean)) return 'dark-shadow';
  return luminanceRatio(l, bg.dark) < 3 ? 'light-glow' : 'none';
}
