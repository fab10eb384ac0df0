import type { SKRSContext2D } from '@napi-rs/canvas';
import { softShadow, type Painter } from './paint.js';

/** One loop or tail of the bow, drawn for the left half and mirrored about x = 50 for the right. */
function bowPart(ctx: SKRSContext2D, side: 1 | -1, part: 'loop' | 'tail'): void {
  const x = (v: number) => 50 + side * (v - 50);
  ctx.beginPath();
  if (part === 'loop') {
    ctx.moveTo(50, 44);
    ctx.bezierCurveTo(x(38), 26, x(12), 17, x(8), 30);
    ctx.bezierCurveTo(x(4), 42, x(10), 58, x(24), 57);
    ctx.bezierCurveTo(x(34), 56, x(44), 50, 50, 44);
  } else {
    // A tail ending in a swallowtail (V) cut.
    ctx.moveTo(x(47), 47);
    ctx.bezierCurveTo(x(43), 60, x(37), 74, x(29), 87);
    ctx.lineTo(x(35.5), 84.5);
    ctx.lineTo(x(40), 91.5);
    ctx.bezierCurveTo(x(45), 78, x(50), 64, x(55), 50);
  }
  ctx.closePath();
}

/** 丝带 / 蝴蝶结: a satin bow, two loops with shaded folds, swallowtail ends and a wrapped knot. */
export const ribbon: Painter = (ctx, _rng, px) => {
  const tone = { light: '#ff8796', base: '#e23a52', dark: '#8f1026' };
  const satin = (x0: number, y0: number, x1: number, y1: number) => {
    const g = ctx.createLinearGradient(x0, y0, x1, y1);
    g.addColorStop(0, tone.dark);
    g.addColorStop(0.45, tone.base);
    g.addColorStop(0.75, tone.light);
    g.addColorStop(1, tone.base);
    return g;
  };
  ctx.save();
  softShadow(ctx, px, 'rgba(90,10,30,0.3)', 2.4, 1.4);
  for (const side of [-1, 1] as const) {
    bowPart(ctx, side, 'tail');
    ctx.fillStyle = satin(50, 46, 50 + side * 12, 92);
    ctx.fill();
  }
  for (const side of [-1, 1] as const) {
    bowPart(ctx, side, 'loop');
    ctx.fillStyle = satin(50, 44, 50 - side * 44, 30);
    ctx.fill();
  }
  ctx.restore();
  ctx.strokeStyle = 'rgba(110,8,30,0.45)';
  ctx.lineWidth = 0.8;
  for (const side of [-1, 1] as const) {
    for (const part of ['tail', 'loop'] as const) {
      bowPart(ctx, side, part);
      ctx.stroke();
    }
    // The fold inside each loop, where the ribbon turns back towards the knot.
    ctx.beginPath();
    ctx.moveTo(50, 44);
    ctx.quadraticCurveTo(50 - side * 20, 34, 50 - side * 30, 40);
    ctx.quadraticCurveTo(50 - side * 20, 46, 50, 46);
    ctx.fillStyle = 'rgba(110,8,30,0.35)';
    ctx.fill();
  }
  const knot = ctx.createLinearGradient(0, 37, 0, 53);
  knot.addColorStop(0, tone.light);
  knot.addColorStop(0.5, tone.base);
  knot.addColorStop(1, tone.dark);
  ctx.beginPath();
  ctx.roundRect(43.5, 37, 13, 16, 4);
  ctx.fillStyle = knot;
  ctx.fill();
  ctx.stroke();
};
