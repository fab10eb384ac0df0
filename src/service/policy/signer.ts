import crypto from 'node:crypto';

/**
 * Result URLs that work without a key (DashScope and OpenAI clients fetch them with a plain GET):
 * an HMAC over the image id and the expiry, so a URL cannot be forged or extended.
 */
export class UrlSigner {
  constructor(
    private readonly secret: string,
    private readonly ttlMs: number,
  ) {}

  path(imageId: string, now = Date.now()): string {
    const exp = Math.floor((now + this.ttlMs) / 1000);
    return `/v1/files/${imageId}?exp=${exp}&sig=${this.sig(imageId, exp)}`;
  }

  verify(imageId: string, exp: string | undefined, sig: string | undefined, now = Date.now()): boolean {
    const e = Number(exp);
    if (!sig || !Number.isInteger(e) || e * 1000 < now) return false;
    const want = Buffer.from(this.sig(imageId, e));
    const got = Buffer.from(sig);
    return want.length === got.length && crypto.timingSafeEqual(want, got);
  }

  private sig(imageId: string, exp: number): string {
    return crypto.createHmac('sha256', this.secret).update(`${imageId}.${exp}`).digest('base64url');
  }
}
