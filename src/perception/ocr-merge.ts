import type { Quad } from '../types.js';

interface Line {
  text: string;
  score: number;
  quad: Quad;
  positions: number[];
}

interface Frame {
  o: [number, number];
  u: [number, number];
  v: [number, number];
  len: number;
  hgt: number;
}

function frame(q: Quad): Frame {
  const [tl, tr, , bl] = q;
  const len = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) || 1;
  const u: [number, number] = [(tr[0] - tl[0]) / len, (tr[1] - tl[1]) / len];
  const v: [number, number] = [-u[1], u[0]];
  const hgt = Math.abs((bl[0] - tl[0]) * v[0] + (bl[1] - tl[1]) * v[1]) || 1;
  return { o: tl, u, v, len, hgt };
}

const proj = (f: Frame, p: [number, number]): [number, number] => [
  (p[0] - f.o[0]) * f.u[0] + (p[1] - f.o[1]) * f.u[1],
  (p[0] - f.o[0]) * f.v[0] + (p[1] - f.o[1]) * f.v[1],
];

const isLatin = (c: string | undefined) => c !== undefined && /[\p{Script=Latin}\d$€£¥%!?.,]/u.test(c);

/**
 * DBNet splits a line at wide gaps ("Summer   Sale" comes back as two boxes). Joins boxes that sit on
 * one baseline, at one height and angle, close together, so a target may span them.
 */
export function mergeLines<T extends Line>(lines: T[]): T[] {
  const out = [...lines];
  for (let merged = true; merged;) {
    merged = false;
    outer: for (let i = 0; i < out.length; i++) {
      for (let j = 0; j < out.length; j++) {
        if (i === j) continue;
        const joined = join(out[i], out[j]);
        if (!joined) continue;
        out[i] = joined as T;
        out.splice(j, 1);
        merged = true;
        break outer;
      }
    }
  }
  return sortReading(out);
}

function join<T extends Line>(first: T, b: T): T | undefined {
  let a = first;
  const fa = frame(a.quad);
  const fb = frame(b.quad);
  const angle = Math.abs(
    Math.atan2(fa.u[0] * fb.u[1] - fa.u[1] * fb.u[0], fa.u[0] * fb.u[0] + fa.u[1] * fb.u[1]),
  );
  if (angle > (5 * Math.PI) / 180) return undefined;
  if (fb.hgt / fa.hgt < 0.7 || fb.hgt / fa.hgt > 1.4) return undefined;
  const pts = b.quad.map((p) => proj(fa, p));
  const bu0 = Math.min(...pts.map((p) => p[0]));
  const bu1 = Math.max(...pts.map((p) => p[0]));
  const bv0 = Math.min(...pts.map((p) => p[1]));
  const bv1 = Math.max(...pts.map((p) => p[1]));
  const overlap = Math.min(fa.hgt, bv1) - Math.max(0, bv0);
  if (overlap < 0.6 * Math.min(fa.hgt, bv1 - bv0)) return undefined;
  const gap = bu0 - fa.len;
  // Unclipped boxes overlap even for a plain word gap, and DBNet sometimes gives a letter to both
  // boxes ('Summers' + 'Sale'); more than a height apart is a separate item (a price by a label).
  if (gap < -1.2 * fa.hgt || gap > 0.9 * fa.hgt) return undefined;
  // Characters of `a` that stand inside `b` were read twice: keep b's reading.
  const aChars = [...a.text];
  let keep = aChars.length;
  while (keep > 0 && a.positions[keep - 1] * fa.len > bu0 + 0.25 * fa.hgt) keep--;
  if (keep === 0) return undefined;
  if (keep < aChars.length) {
    a = { ...a, text: aChars.slice(0, keep).join(''), positions: a.positions.slice(0, keep) };
  }
  const u0 = Math.min(0, bu0);
  const u1 = Math.max(fa.len, bu1);
  const v0 = Math.min(0, bv0);
  const v1 = Math.max(fa.hgt, bv1);
  const at = (u: number, v: number): [number, number] => [
    fa.o[0] + u * fa.u[0] + v * fa.v[0],
    fa.o[1] + u * fa.u[1] + v * fa.v[1],
  ];
  const len = u1 - u0;
  const space = isLatin([...a.text].pop()) || isLatin([...b.text][0]) || gap > 0.5 * fa.hgt ? ' ' : '';
  const posA = a.positions.map((p) => (p * fa.len - u0) / len);
  const posB = b.positions.map((p) => (bu0 + p * fb.len - u0) / len);
  const spacePos = space ? [(fa.len + Math.max(fa.len, bu0)) / 2 / len - u0 / len] : [];
  const total = [...a.text].length + [...b.text].length;
  return {
    ...a,
    text: a.text + space + b.text,
    score: (a.score * [...a.text].length + b.score * [...b.text].length) / Math.max(1, total),
    quad: [at(u0, v0), at(u1, v0), at(u1, v1), at(u0, v1)],
    positions: [...posA, ...spacePos, ...posB],
  };
}

/** Reading order: rows top to bottom (rows by overlapping centre lines), left to right within a row. */
export function sortReading<T extends Line>(lines: T[]): T[] {
  const centre = (l: Line) => [(l.quad[0][0] + l.quad[2][0]) / 2, (l.quad[0][1] + l.quad[2][1]) / 2];
  return [...lines].sort((a, b) => {
    const [ax, ay] = centre(a);
    const [bx, by] = centre(b);
    const h = Math.min(frame(a.quad).hgt, frame(b.quad).hgt);
    return Math.abs(ay - by) < h * 0.5 ? ax - bx : ay - by;
  });
}
