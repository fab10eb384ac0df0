import { afterEach, describe, expect, it } from 'vitest';
import {
  analysisCacheStats,
  cached,
  cachedSync,
  rasterKey,
  setAnalysisCacheBytes,
} from './analysis-cache.js';

describe('analysis cache', () => {
  afterEach(() => setAnalysisCacheBytes(64 * 2 ** 20));

  it('computes a key once, and concurrent callers share the computation', async () => {
    setAnalysisCacheBytes(1000);
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      return 'v';
    };
    const got = await Promise.all([cached('a', () => 10, compute), cached('a', () => 10, compute)]);
    expect(got).toEqual(['v', 'v']);
    expect(await cached('a', () => 10, compute)).toBe('v');
    expect(runs).toBe(1);
  });

  it('keeps nothing from a failed computation', async () => {
    setAnalysisCacheBytes(1000);
    await expect(
      cached(
        'f',
        () => 1,
        () => Promise.reject(new Error('no')),
      ),
    ).rejects.toThrow('no');
    expect(
      await cached(
        'f',
        () => 1,
        async () => 'later',
      ),
    ).toBe('later');
  });

  it('evicts the least recently used entry when the budget is spent, and skips oversized values', () => {
    setAnalysisCacheBytes(60);
    let runs = 0;
    const get = (k: string, bytes = 25) =>
      cachedSync(
        k,
        () => bytes,
        () => `${k}${++runs}`,
      );
    get('x');
    get('y');
    get('x'); // x is now the most recent
    get('z'); // 75 bytes: y goes
    expect(analysisCacheStats().entries).toBe(2);
    expect(get('x')).toBe('x1');
    expect(get('y')).toBe('y4');
    expect(get('big', 40)).toBe('big5');
    expect(get('big', 40)).toBe('big6'); // over half of the budget: never kept
  });

  it('is off at a budget of 0', () => {
    setAnalysisCacheBytes(0);
    let runs = 0;
    cachedSync(
      'k',
      () => 1,
      () => runs++,
    );
    cachedSync(
      'k',
      () => 1,
      () => runs++,
    );
    expect(runs).toBe(2);
  });

  it('keys rasters by their pixels and size, not by the object', () => {
    const a = { data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), width: 2, height: 1 };
    const b = { data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), width: 2, height: 1 };
    const c = { data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), width: 1, height: 2 };
    expect(rasterKey(a)).toBe(rasterKey(b));
    expect(rasterKey(a)).not.toBe(rasterKey(c));
  });
});
