/**
 * Quantiles of values in [0, 256) without keeping or sorting them: counts in bins of 1/16. The
 * pixel measures (a ring's gradients, a texture's level) take one value per pixel of a patch, and
 * sorting those arrays cost more than the measures themselves.
 */
export class Histogram {
  private readonly bins = new Uint32Array(256 * BINS);
  private n = 0;

  add(v: number): void {
    this.bins[Math.min(this.bins.length - 1, Math.max(0, Math.floor(v * BINS)))]++;
    this.n++;
  }

  get count(): number {
    return this.n;
  }

  /** The value below which a share `q` of the values lie (0 when empty), to 1/16. */
  quantile(q: number): number {
    if (this.n === 0) return 0;
    const rank = Math.min(this.n - 1, Math.floor(q * this.n));
    let seen = 0;
    for (let b = 0; b < this.bins.length; b++) {
      seen += this.bins[b];
      if (seen > rank) return (b + 0.5) / BINS;
    }
    return 256;
  }
}

const BINS = 16;
