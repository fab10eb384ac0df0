import type { SKRSContext2D } from '@napi-rs/canvas';
import { between, noShadow, softShadow, type Painter } from './paint.js';

const TAU = Math.PI * 2;
/** Light comes from the upper left, as in most product photos and UI icons. */
const LIGHT = (-125 * Math.PI) / 180;

type Pt = [number, number];
const polar = (r: number, a: number): Pt => [r * Math.cos(a), r * Math.sin(a)];

function polygon(ctx: SKRSContext2D, pts: Pt[]): void {
  ctx.moveTo(pts[0][0], pts[0][1]);
  for (const p of pts.slice(1)) ctx.lineTo(p[0], p[1]);
  ctx.closePath();
}

const mix = (a: number[], b: number[], t: number) =>
  `rgb(${a.map((v, i) => Math.round(v + (b[i] - v) * t)).join(',')})`;

/** 星星: a bevelled gold star; each facet is shaded by how it faces the light. */
export const star: Painter = (ctx, rng, px) => {
  const R = 43;
  const r = R * between(rng, 0.46, 0.5);
  const up = -Math.PI / 2;
  const tips = Array.from({ length: 5 }, (_, i) => up + (i * TAU) / 5);
  const outline: Pt[] = tips.flatMap((a) => [polar(R, a), polar(r, a + TAU / 10)]);
  ctx.translate(50, 51);
  ctx.lineJoin = 'round';
  ctx.save();
  softShadow(ctx, px, 'rgba(130,80,0,0.35)', 2.4, 1.4);
  ctx.beginPath();
  polygon(ctx, outline);
  ctx.fillStyle = '#e9a400';
  ctx.strokeStyle = '#e9a400';
  ctx.lineWidth = 3;
  ctx.fill();
  ctx.stroke();
  ctx.restore();
  const dark = [214, 138, 0];
  const light = [255, 230, 130];
  for (const a of tips) {
    // The ridge runs from the centre to the tip; the two facets either side face away from it.
    for (const side of [-1, 1]) {
      const facing = a + side * (Math.PI / 3);
      const lit = 0.5 + 0.5 * Math.cos(facing - LIGHT);
      ctx.beginPath();
      polygon(ctx, [[0, 0], polar(R, a), polar(r, a + (side * TAU) / 10)]);
      ctx.fillStyle = mix(dark, light, lit);
      ctx.strokeStyle = ctx.fillStyle;
      ctx.lineWidth = 0.3;
      ctx.fill();
      ctx.stroke();
    }
  }
  const shine = ctx.createRadialGradient(-6, -8, 0, -6, -8, 24);
  shine.addColorStop(0, 'rgba(255,251,225,0.7)');
  shine.addColorStop(1, 'rgba(255,248,210,0)');
  ctx.beginPath();
  polygon(ctx, outline);
  ctx.fillStyle = shine;
  ctx.fill();
  ctx.strokeStyle = 'rgba(170,104,0,0.85)';
  ctx.lineWidth = 1.3;
  ctx.stroke();
};

/** A four-point twinkle with concave sides, centred at the origin. */
function twinkle(ctx: SKRSContext2D, long: number, wide: number): void {
  const k = 0.14 * long;
  ctx.moveTo(0, -long);
  ctx.quadraticCurveTo(k, -k, wide, 0);
  ctx.quadraticCurveTo(k, k, 0, long);
  ctx.quadraticCurveTo(-k, k, -wide, 0);
  ctx.quadraticCurveTo(-k, -k, 0, -long);
  ctx.closePath();
}

function twinkleFill(ctx: SKRSContext2D, radius: number): CanvasGradient {
  const g = ctx.createRadialGradient(0, 0, 0, 0, 0, radius);
  g.addColorStop(0, '#ffffff');
  g.addColorStop(0.25, '#fff3c2');
  g.addColorStop(0.7, '#ffd45c');
  g.addColorStop(1, '#f5b21f');
  return g as unknown as CanvasGradient;
}

/** 闪光: a bright four-point twinkle in a warm glow, with a small companion for rhythm. */
export const sparkle: Painter = (ctx, rng, px) => {
  ctx.translate(50, 50);
  const glow = ctx.createRadialGradient(0, 0, 0, 0, 0, 30);
  glow.addColorStop(0, 'rgba(255,214,100,0.5)');
  glow.addColorStop(1, 'rgba(255,214,100,0)');
  ctx.fillStyle = glow;
  ctx.beginPath();
  ctx.arc(0, 0, 30, 0, TAU);
  ctx.fill();
  // The companion sits in one of the four diagonal gaps, chosen by the seed.
  const corner = Math.floor(rng() * 4);
  const small: Pt = polar(30, TAU / 8 + (corner * TAU) / 4);
  for (const [x, y, long, wide] of [
    [0, 0, 46, 36],
    [small[0], small[1], 12, 9.5],
  ]) {
    ctx.save();
    ctx.translate(x, y);
    softShadow(ctx, px, 'rgba(190,120,0,0.35)', 2, 0.5);
    ctx.beginPath();
    twinkle(ctx, long, wide);
    ctx.fillStyle = twinkleFill(ctx, long);
    ctx.fill();
    noShadow(ctx);
    ctx.strokeStyle = 'rgba(196,128,10,0.85)';
    ctx.lineWidth = 0.9;
    ctx.stroke();
    ctx.restore();
  }
};
