import { between, gloss, noShadow, softShadow, type Painter, type Tone } from './paint.js';

const TAU = Math.PI * 2;

/** Saturated but not neon: coral, azure, marigold, teal, orchid. */
const TONES: Tone[] = [
  { light: '#ffb3ad', base: '#ef4b4b', dark: '#9e1c24' },
  { light: '#b3d4ff', base: '#3d84f0', dark: '#1d3f8f' },
  { light: '#ffe7a3', base: '#f5b320', dark: '#a36a00' },
  { light: '#a8efe2', base: '#1fb3a0', dark: '#0d5e56' },
  { light: '#e7c2ff', base: '#a45ee8', dark: '#56218f' },
];

/** 气球: a glossy egg-shaped balloon with a tied knot and a curling string. */
export const balloon: Painter = (ctx, rng, px) => {
  const tone = TONES[Math.floor(rng() * TONES.length)];
  ctx.beginPath();
  ctx.moveTo(50, 82);
  ctx.bezierCurveTo(45, 87, 56, 90, 50, 96);
  ctx.strokeStyle = 'rgba(96,96,110,0.85)';
  ctx.lineWidth = 1;
  ctx.lineCap = 'round';
  ctx.stroke();
  ctx.save();
  softShadow(ctx, px, 'rgba(40,20,30,0.3)', 2.6, 1.5);
  ctx.beginPath();
  ctx.moveTo(50, 6);
  ctx.bezierCurveTo(69, 6, 80, 21, 80, 38);
  ctx.bezierCurveTo(80, 57, 63, 73, 50, 76);
  ctx.bezierCurveTo(37, 73, 20, 57, 20, 38);
  ctx.bezierCurveTo(20, 21, 31, 6, 50, 6);
  // Lit from the upper left: the gradient's bright core sits off-centre towards the light.
  const fill = ctx.createRadialGradient(40, 26, 2, 48, 40, 44);
  fill.addColorStop(0, tone.light);
  fill.addColorStop(0.45, tone.base);
  fill.addColorStop(1, tone.dark);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.restore();
  ctx.beginPath();
  ctx.moveTo(50, 75);
  ctx.lineTo(45.5, 82.5);
  ctx.quadraticCurveTo(50, 80.5, 54.5, 82.5);
  ctx.closePath();
  ctx.fillStyle = tone.dark;
  ctx.fill();
  gloss(ctx, 38, 24, 9, 15, -0.45, 0.85);
  gloss(ctx, 64, 58, 3, 6, 0.6, 0.35);
};

/** 爱心: a rose-red heart with a gradient body and a soft gloss on the left lobe. */
export const heart: Painter = (ctx, _rng, px) => {
  // The outline's lobes reach ~50 units from the centre; scaling keeps them inside 48.
  ctx.translate(50, 50);
  ctx.scale(0.92, 0.92);
  ctx.translate(-50, -50);
  ctx.beginPath();
  ctx.moveTo(50, 90);
  ctx.bezierCurveTo(50, 90, 8, 64, 8, 36);
  ctx.bezierCurveTo(8, 20, 20, 10, 32, 10);
  ctx.bezierCurveTo(41, 10, 47, 15, 50, 22);
  ctx.bezierCurveTo(53, 15, 59, 10, 68, 10);
  ctx.bezierCurveTo(80, 10, 92, 20, 92, 36);
  ctx.bezierCurveTo(92, 64, 50, 90, 50, 90);
  ctx.closePath();
  const body = ctx.createLinearGradient(20, 10, 80, 90);
  body.addColorStop(0, '#ff8fa6');
  body.addColorStop(0.45, '#f0436a');
  body.addColorStop(1, '#b3123f');
  ctx.save();
  softShadow(ctx, px, 'rgba(120,10,40,0.32)', 2.6, 1.5);
  ctx.fillStyle = body;
  ctx.fill();
  ctx.restore();
  ctx.strokeStyle = 'rgba(140,10,45,0.45)';
  ctx.lineWidth = 1;
  ctx.stroke();
  gloss(ctx, 28, 28, 10, 15, 0.7, 0.7);
};

const CONFETTI = ['#ff6b6b', '#ffc93c', '#5cc97b', '#4d96ff', '#b583ff', '#ff9f45', '#ff7eb6'];

/** 彩纸屑: a scatter of tumbling paper strips, dots and a couple of curls in a party palette. */
export const confetti: Painter = (ctx, rng, px) => {
  // Small renders get fewer, bigger pieces: at ~30 px twenty strips would read as noise.
  const k = px < 0.6 ? 1.5 : 1;
  const placed: [number, number][] = [];
  for (let tries = 0; placed.length < 22 / k ** 2 && tries < 400; tries++) {
    const a = rng() * TAU;
    const d = Math.sqrt(rng()) * (46 - 7 * k);
    const p: [number, number] = [50 + Math.cos(a) * d, 50 + Math.sin(a) * d];
    if (placed.every((q) => Math.hypot(p[0] - q[0], p[1] - q[1]) > 10 * k)) placed.push(p);
  }
  softShadow(ctx, px, 'rgba(40,30,60,0.25)', 1.2, 0.6);
  placed.forEach(([x, y], i) => {
    const color = CONFETTI[Math.floor(rng() * CONFETTI.length)];
    ctx.save();
    ctx.translate(x, y);
    ctx.rotate(rng() * TAU);
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    if (i % 7 === 3) {
      ctx.beginPath();
      ctx.arc(0, 0, k * between(rng, 2.8, 3.8), 0, TAU);
      ctx.fill();
    } else if (i % 9 === 5) {
      // A curled streamer: a short wave with rounded ends.
      ctx.scale(k, k);
      ctx.beginPath();
      ctx.moveTo(-7, 0);
      ctx.bezierCurveTo(-4, -5, -1, -5, 0, 0);
      ctx.bezierCurveTo(1, 5, 4, 5, 7, 0);
      ctx.lineWidth = 2.6;
      ctx.lineCap = 'round';
      ctx.stroke();
    } else {
      // A strip seen at an angle: foreshortened in width, with a sheen across its face.
      const w = k * between(rng, 10, 15) * between(rng, 0.5, 1);
      const h = k * between(rng, 4.5, 6.5);
      ctx.fillRect(-w / 2, -h / 2, w, h);
      const sheen = ctx.createLinearGradient(-w / 2, 0, w / 2, 0);
      sheen.addColorStop(0, 'rgba(255,255,255,0.3)');
      sheen.addColorStop(1, 'rgba(0,0,0,0.12)');
      ctx.save();
      noShadow(ctx);
      ctx.fillStyle = sheen;
      ctx.fillRect(-w / 2, -h / 2, w, h);
      ctx.restore();
    }
    ctx.restore();
  });
};
