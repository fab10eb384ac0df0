import sharp from 'sharp';

/**
 * A stand-in for a generative editor, with the habits registration must undo: it answers at its own
 * grid (each side rounded up to a multiple of 64), zoomed by 2% and shifted, with a colour cast; and
 * it "edits" by painting a disc over the middle of the frame (wider than any region the tests name, so
 * that pasting only the region is what keeps the rest) (red when the prompt says red, else
 * teal). The drift is applied to its edit too, as a real model's is.
 */
export const DRIFT = { zoom: 1.02, dx: 6, dy: -4, gain: [1.06, 0.97, 1], offset: [5, -3, 0] } as const;

export async function fakeEdit(input: Buffer, prompt: string, drift = true): Promise<Buffer> {
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const W = Math.ceil(w / 64) * 64;
  const H = Math.ceil(h / 64) * 64;
  const paint = /red|红/iu.test(prompt) ? [220, 30, 40] : [20, 170, 160];
  const out = Buffer.alloc(W * H * 3);
  const d = drift ? DRIFT : { zoom: 1, dx: 0, dy: 0, gain: [1, 1, 1], offset: [0, 0, 0] };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      // Output pixel → the model's own frame (scaled to the input) → undo its zoom and shift.
      const fx = ((x + 0.5) * w) / W;
      const fy = ((y + 0.5) * h) / H;
      const sx = w / 2 + (fx - d.dx - w / 2) / d.zoom;
      const sy = h / 2 + (fy - d.dy - h / 2) / d.zoom;
      const ix = Math.min(w - 1, Math.max(0, Math.floor(sx)));
      const iy = Math.min(h - 1, Math.max(0, Math.floor(sy)));
      const inDisc = (sx - w / 2) ** 2 + (sy - h / 2) ** 2 < (0.3 * Math.min(w, h)) ** 2;
      for (let c = 0; c < 3; c++) {
        const v = inDisc ? paint[c] : data[(iy * w + ix) * 3 + c];
        out[(y * W + x) * 3 + c] = Math.min(255, Math.max(0, Math.round(v * d.gain[c] + d.offset[c])));
      }
    }
  }
  return sharp(out, { raw: { width: W, height: H, channels: 3 } })
    .png()
    .toBuffer();
}

/** How a fake server misbehaves for the next requests: each entry is used once, in order. */
export type Fault =
  'throttle' | 'server-error' | 'bad-request' | 'slow' | 'no-image' | 'garbage' | 'bomb' | 'truncated';

export class Faults {
  private queue: Fault[] = [];
  always?: Fault;
  push(...f: Fault[]): void {
    this.queue.push(...f);
  }
  next(): Fault | undefined {
    return this.queue.shift() ?? this.always;
  }
  clear(): void {
    this.queue = [];
    this.always = undefined;
  }
}
