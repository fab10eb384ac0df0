/** Draws a poster case: background, decorations, then the old or new text in the case's style. */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { ColorSpec, Rgb } from '../../src/types.js';
import { fontString, loadFont } from '../../src/text/fonts.js';
import { caseTextBox, localRect } from './geometry.js';
import { loadPhoto } from './photos.js';
import type { Decoration, PosterCase, RenderedPoster } from './types.js';

const css = (c: Rgb, a = 1) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${a})`;

async function drawBackground(ctx: SKRSContext2D, c: PosterCase): Promise<void> {
  const { width, height } = c;
  const bg = c.bg;
  if (bg.kind === 'solid') {
    ctx.fillStyle = css(bg.color);
    ctx.fillRect(0, 0, width, height);
  } else if (bg.kind === 'gradient') {
    const a = (bg.angleDeg * Math.PI) / 180;
    const r = (Math.abs(Math.cos(a)) * width + Math.abs(Math.sin(a)) * height) / 2;
    const [cx, cy] = [width / 2, height / 2];
    const g = ctx.createLinearGradient(
      cx - Math.cos(a) * r,
      cy - Math.sin(a) * r,
      cx + Math.cos(a) * r,
      cy + Math.sin(a) * r,
    );
    g.addColorStop(0, css(bg.from));
    g.addColorStop(1, css(bg.to));
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, width, height);
  } else {
    ctx.drawImage(await loadPhoto(bg.photo, width, height, bg.blur), 0, 0, width, height);
    if (bg.dim !== 0) {
      ctx.fillStyle = bg.dim > 0 ? css([0, 0, 0], bg.dim) : css([255, 255, 255], -bg.dim);
      ctx.fillRect(0, 0, width, height);
    }
  }
}

function drawDecoration(ctx: SKRSContext2D, d: Decoration): void {
  ctx.save();
  if (d.kind === 'text') {
    ctx.font = fontString(loadFont(d.font), d.sizePx);
    ctx.textAlign = d.align;
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = css(d.color);
    ctx.fillText(d.text, d.x, d.y);
  } else if (d.kind === 'rect') {
    ctx.fillStyle = css(d.color);
    ctx.beginPath();
    ctx.roundRect(d.x, d.y, d.width, d.height, d.radius);
    ctx.fill();
  } else {
    ctx.fillStyle = css(d.color);
    ctx.beginPath();
    ctx.arc(d.cx, d.cy, d.r, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.restore();
}

/** Draws `text` in the case's style with fill `fill` onto `ctx` (stroke under fill; no shadow here). */
function drawStyledText(ctx: SKRSContext2D, c: PosterCase, text: string, fill: ColorSpec): void {
  ctx.save();
  ctx.translate(c.anchor.x, c.anchor.y);
  ctx.rotate((c.angleDeg * Math.PI) / 180);
  ctx.font = fontString(loadFont(c.font), c.sizePx);
  ctx.textAlign = c.align;
  ctx.textBaseline = 'alphabetic';
  if (c.outline) {
    ctx.strokeStyle = css(c.outline.color);
    ctx.lineWidth = c.outline.width * 2; // half of a stroke lies inside the glyph
    ctx.lineJoin = 'round';
    ctx.strokeText(text, 0, 0);
  }
  if (fill.kind === 'solid') {
    ctx.fillStyle = css(fill.rgb);
  } else {
    const r = localRect(text, { ...c, outline: undefined });
    const g = ctx.createLinearGradient(r.left, 0, r.right, 0);
    const n = Math.max(1, fill.stops.length - 1);
    fill.stops.forEach((s, k) => g.addColorStop(k / n, css(s)));
    ctx.fillStyle = g;
  }
  ctx.fillText(text, 0, 0);
  ctx.restore();
}

/**
 * Renders the poster with the old text (the edit's input), the new text (the ground truth), or no
 * text at all ('blank', for tests that check the box really holds every drawn pixel).
 */
export async function renderPoster(c: PosterCase, which: 'old' | 'new' | 'blank'): Promise<RenderedPoster> {
  const canvas = createCanvas(c.width, c.height);
  const ctx = canvas.getContext('2d');
  await drawBackground(ctx, c);
  for (const d of c.decorations) drawDecoration(ctx, d);
  const text = which === 'new' ? c.newText : c.oldText;
  const fill: ColorSpec = which === 'new' && c.newColor ? c.newColor : { kind: 'solid', rgb: c.color };
  if (which !== 'blank') {
    if (c.shadow) {
      // Draw outline + fill on a layer, then composite the layer once with the shadow: one shadow of
      // the whole outlined glyph, not one per stroke and fill.
      const layer = createCanvas(c.width, c.height);
      drawStyledText(layer.getContext('2d'), c, text, fill);
      ctx.save();
      ctx.shadowColor = css(c.shadow.color, 0.75);
      ctx.shadowBlur = c.shadow.blur;
      ctx.shadowOffsetX = c.shadow.dx;
      ctx.shadowOffsetY = c.shadow.dy;
      ctx.drawImage(layer, 0, 0);
      ctx.restore();
    } else {
      drawStyledText(ctx, c, text, fill);
    }
  }
  const png = await canvas.encode('png');
  return { png, textBox: caseTextBox(c, which === 'new' ? 'new' : 'old') };
}
