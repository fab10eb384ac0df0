import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { ColorSpec, Rgb } from '../types.js';
import { fontString, loadFont, type FontId } from './fonts.js';

/** Everything needed to draw one line of text exactly where and how the original was. */
export interface TextSpec {
  text: string;
  font: FontId;
  sizePx: number;
  /** Baseline origin of the text (left end of the baseline) in layer pixels. */
  origin: { x: number; y: number };
  /** Rotation of the baseline, radians, clockwise in image coordinates. */
  angle: number;
  /** Slant (oblique/italic), radians; positive leans the tops of the glyphs forwards. */
  skew?: number;
  fill: ColorSpec;
  outline?: { rgb: Rgb; width: number };
  shadow?: { rgb: Rgb; alpha: number; dx: number; dy: number; blur: number };
}

export interface InkBox {
  left: number;
  right: number;
  ascent: number;
  descent: number;
  advance: number;
}

const OFFSCREEN = 100_000;
const measureCtx = createCanvas(4, 4).getContext('2d');

/** Ink extents relative to the baseline origin (x right, y up for ascent). */
export function measureInk(text: string, font: FontId, sizePx: number): InkBox {
  // The style fit measures the same few strings ~350 times an edit (~10 ms): remember them.
  const key = `${font}\u0000${sizePx}\u0000${text}`;
  const hit = measured.get(key);
  if (hit) return hit;
  measureCtx.font = fontString(loadFont(font), sizePx);
  const m = measureCtx.measureText(text);
  const box: InkBox = Object.freeze({
    left: -m.actualBoundingBoxLeft,
    right: m.actualBoundingBoxRight,
    ascent: m.actualBoundingBoxAscent,
    descent: m.actualBoundingBoxDescent,
    advance: m.width,
  });
  if (measured.size >= MEASURED_MAX) measured.clear();
  measured.set(key, box);
  return box;
}

const MEASURED_MAX = 4096;
const measured = new Map<string, InkBox>();

export function advance(text: string, font: FontId, sizePx: number): number {
  measureCtx.font = fontString(loadFont(font), sizePx);
  return measureCtx.measureText(text).width;
}

/**
 * A cleared context of the given size. The style fit renders the same window size a hundred times
 * an edit: reusing its canvas saves allocating one each time (getImageData copies the pixels out).
 */
function scratchContext(width: number, height: number): SKRSContext2D {
  const key = `${width}x${height}`;
  let ctx = scratch.get(key);
  if (ctx) scratch.delete(key);
  else ctx = createCanvas(width, height).getContext('2d');
  scratch.set(key, ctx); // most recently used last
  if (scratch.size > SCRATCH_SIZES) scratch.delete(scratch.keys().next().value!);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

const SCRATCH_SIZES = 4;
const scratch = new Map<string, SKRSContext2D>();

const css = (c: Rgb, a = 1) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;

function fillStyle(ctx: SKRSContext2D, spec: TextSpec, ink: InkBox): string | CanvasGradient {
  if (spec.fill.kind === 'solid') return css(spec.fill.rgb);
  // Gradients run top to bottom across the glyphs, like poster "metallic" lettering.
  const g = ctx.createLinearGradient(0, -ink.ascent, 0, ink.descent);
  const stops = spec.fill.stops;
  stops.forEach((s, i) => g.addColorStop(stops.length === 1 ? 0 : i / (stops.length - 1), css(s)));
  return g as unknown as CanvasGradient;
}

/**
 * Draws the text into a transparent RGBA layer. `parts` selects layers, so fitting can compare
 * the glyph shape alone while the final render draws shadow, outline and fill together.
 */
export function renderText(
  width: number,
  height: number,
  spec: TextSpec,
  parts: { shadow?: boolean; outline?: boolean; fill?: boolean } = {
    shadow: true,
    outline: true,
    fill: true,
  },
): Uint8Array {
  const ctx = scratchContext(Math.max(1, width), Math.max(1, height));
  ctx.font = fontString(loadFont(spec.font), spec.sizePx);
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  const ink = measureInk(spec.text, spec.font, spec.sizePx);
  const o = spec.outline;
  const s = spec.shadow;
  if (s && parts.shadow) {
    // Draw the silhouette far off-canvas and let only its shadow land: the shadow then never
    // paints over the outline or fill drawn afterwards.
    ctx.save();
    ctx.translate(spec.origin.x - OFFSCREEN, spec.origin.y);
    ctx.rotate(spec.angle);
    if (spec.skew) ctx.transform(1, 0, -Math.tan(spec.skew), 1, 0, 0);
    ctx.shadowColor = css(s.rgb, s.alpha);
    ctx.shadowBlur = s.blur;
    ctx.shadowOffsetX = s.dx + OFFSCREEN;
    ctx.shadowOffsetY = s.dy;
    ctx.fillStyle = '#000';
    ctx.strokeStyle = '#000';
    if (o) {
      ctx.lineWidth = o.width * 2;
      ctx.lineJoin = 'round';
      ctx.strokeText(spec.text, 0, 0);
    }
    ctx.fillText(spec.text, 0, 0);
    ctx.restore();
  }
  ctx.translate(spec.origin.x, spec.origin.y);
  ctx.rotate(spec.angle);
  if (spec.skew) ctx.transform(1, 0, -Math.tan(spec.skew), 1, 0, 0);
  if (o && parts.outline) {
    ctx.lineWidth = o.width * 2;
    ctx.lineJoin = 'round';
    ctx.strokeStyle = css(o.rgb);
    ctx.strokeText(spec.text, 0, 0);
  }
  if (parts.fill) {
    ctx.fillStyle = fillStyle(ctx, spec, ink);
    ctx.fillText(spec.text, 0, 0);
  }
  const img = ctx.getImageData(0, 0, ctx.canvas.width, ctx.canvas.height);
  return new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.length);
}
