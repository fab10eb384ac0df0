import type { SKRSContext2D } from '@napi-rs/canvas';
import { between, noShadow, softShadow, type Painter } from './paint.js';

const TAU = Math.PI * 2;

/** One petal pointing up from the origin, with the notch at its tip that makes it a cherry petal. */
function petal(ctx: SKRSContext2D, len: number): void {
  ctx.moveTo(0, 0);
  ctx.bezierCurveTo(-0.42 * len, -0.18 * len, -0.54 * len, -0.62 * len, -0.3 * len, -0.92 * len);
  ctx.quadraticCurveTo(-0.15 * len, -1.05 * len, 0, -0.85 * len);
  ctx.quadraticCurveTo(0.15 * len, -1.05 * len, 0.3 * len, -0.92 * len);
  ctx.bezierCurveTo(0.54 * len, -0.62 * len, 0.42 * len, -0.18 * len, 0, 0);
  ctx.closePath();
}

/** 樱花: five notched petals, pale at the tips and pinker at the heart, with a ring of stamens. */
export const sakura: Painter = (ctx, rng, px) => {
  const turn = rng() * (TAU / 5);
  const petals = Array.from({ length: 5 }, (_, i) => ({
    angle: turn + (i * TAU) / 5 + between(rng, -0.05, 0.05),
    len: 45 * between(rng, 0.95, 1),
  }));
  ctx.translate(50, 50);
  const eachPetal = (draw: () => void) => {
    for (const p of petals) {
      ctx.save();
      ctx.rotate(p.angle);
      ctx.beginPath();
      petal(ctx, p.len);
      draw();
      ctx.restore();
    }
  };
  // The shadow comes from a single fill of the whole flower, so petals do not shade each other.
  ctx.save();
  softShadow(ctx, px, 'rgba(150,40,80,0.28)');
  ctx.beginPath();
  for (const p of petals) {
    ctx.save();
    ctx.rotate(p.angle);
    petal(ctx, p.len);
    ctx.restore();
  }
  ctx.fillStyle = '#f9c6d7';
  ctx.fill();
  ctx.restore();
  noShadow(ctx);
  const body = ctx.createRadialGradient(0, 0, 0, 0, 0, 45);
  body.addColorStop(0, '#f27ea4');
  body.addColorStop(0.3, '#f8b4ca');
  body.addColorStop(0.75, '#fde1ea');
  body.addColorStop(1, '#fff4f8');
  eachPetal(() => {
    ctx.fillStyle = body;
    ctx.fill();
    ctx.strokeStyle = 'rgba(214,98,140,0.42)';
    ctx.lineWidth = 0.9;
    ctx.stroke();
    // A faint centre vein gives each petal some depth.
    ctx.beginPath();
    ctx.moveTo(0, -4);
    ctx.quadraticCurveTo(1.5, -18, 0, -30);
    ctx.strokeStyle = 'rgba(226,110,150,0.3)';
    ctx.lineWidth = 0.8;
    ctx.stroke();
  });
  const blush = ctx.createRadialGradient(0, 0, 0, 0, 0, 15);
  blush.addColorStop(0, 'rgba(200,24,84,0.75)');
  blush.addColorStop(1, 'rgba(236,90,140,0)');
  ctx.fillStyle = blush;
  ctx.beginPath();
  ctx.arc(0, 0, 15, 0, TAU);
  ctx.fill();
  for (let i = 0; i < 10; i++) {
    const a = turn + (i * TAU) / 10 + TAU / 20;
    const r = between(rng, 10, 14);
    const [x, y] = [Math.sin(a) * r, -Math.cos(a) * r];
    ctx.beginPath();
    ctx.moveTo(0, 0);
    ctx.lineTo(x, y);
    ctx.strokeStyle = 'rgba(196,40,96,0.85)';
    ctx.lineWidth = 0.9;
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(x, y, 1.6, 0, TAU);
    ctx.fillStyle = '#f6c343';
    ctx.fill();
    ctx.strokeStyle = 'rgba(180,90,20,0.6)';
    ctx.lineWidth = 0.4;
    ctx.stroke();
  }
};

/** 雪花: six arms with two pairs of side branches each, white with a faint blue edge. */
export const snowflake: Painter = (ctx, rng, px) => {
  const turn = rng() * (TAU / 6);
  const near = between(rng, 0.38, 0.46);
  const far = between(rng, 0.64, 0.72);
  // Under ~60 px the fine branches merge into lace: draw one pair per arm, in bolder strokes.
  const small = px < 0.6;
  const branches = small
    ? [[0.55 * 41, 13]]
    : [
        [near * 41, 12],
        [far * 41, 8.5],
      ];
  const stroke = small ? 6 : 4;
  ctx.translate(50, 50);
  ctx.rotate(turn);
  ctx.beginPath();
  for (let i = 0; i < 6; i++) {
    const a = (i * TAU) / 6;
    // A point `t` along the arm and `n` across it.
    const at = (t: number, n: number) =>
      [Math.cos(a) * t - Math.sin(a) * n, Math.sin(a) * t + Math.cos(a) * n] as const;
    const line = (p: readonly [number, number], q: readonly [number, number]) => {
      ctx.moveTo(p[0], p[1]);
      ctx.lineTo(q[0], q[1]);
    };
    line(at(0, 0), at(41, 0));
    for (const [t, len] of branches) {
      // Branches lean outwards at 60°, like the dendrites of a real crystal.
      for (const side of [-1, 1]) line(at(t, 0), at(t + len * 0.5, side * len * 0.866));
    }
  }
  ctx.moveTo(7, 0);
  for (let i = 1; i <= 6; i++) ctx.lineTo(7 * Math.cos((i * TAU) / 6), 7 * Math.sin((i * TAU) / 6));
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.save();
  softShadow(ctx, px, 'rgba(40,90,160,0.35)', 2.5, 0.6);
  ctx.strokeStyle = 'rgba(104,150,206,0.9)';
  ctx.lineWidth = stroke + 2.6;
  ctx.stroke();
  ctx.restore();
  const ice = ctx.createRadialGradient(0, 0, 0, 0, 0, 44);
  ice.addColorStop(0, '#ffffff');
  ice.addColorStop(0.6, '#f4f9ff');
  ice.addColorStop(1, '#dcecfc');
  ctx.strokeStyle = ice;
  ctx.lineWidth = stroke;
  ctx.stroke();
};
