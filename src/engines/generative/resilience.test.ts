import { describe, expect, it } from 'vitest';
import { Breaker, ProviderFailure, resilient } from './resilience.js';

const policy = { timeoutMs: 200, retries: 2, backoffMs: 1 };

describe('calling a provider', () => {
  it('retries what may pass next time, not what will not', async () => {
    let calls = 0;
    const ok = await resilient('p', new Breaker(), policy, async () => {
      calls++;
      if (calls < 3) throw new ProviderFailure('busy', { status: 429, retryable: true });
      return 'done';
    });
    expect(ok).toEqual({ value: 'done', attempts: 3 });
    calls = 0;
    const refused = resilient('p', new Breaker(), policy, async () => {
      calls++;
      throw new ProviderFailure('bad prompt', { status: 400, code: 'InvalidParameter', retryable: false });
    });
    await expect(refused).rejects.toMatchObject({
      code: 'ENGINE_FAILED',
      details: { provider_code: 'InvalidParameter' },
    });
    expect(calls).toBe(1);
  });

  it('times out, and opens the breaker after repeated failures', async () => {
    const breaker = new Breaker(3, 60_000);
    const hang = () => new Promise<never>(() => undefined);
    const slow = (signal: AbortSignal) =>
      Promise.race([
        hang(),
        new Promise<never>((_, no) => signal.addEventListener('abort', () => no(signal.reason))),
      ]);
    await expect(resilient('p', breaker, policy, slow)).rejects.toMatchObject({ code: 'ENGINE_UNAVAILABLE' });
    expect(breaker.waitS()).toBeGreaterThan(0);
    let called = false;
    await expect(
      resilient('p', breaker, policy, async () => {
        called = true;
        return 1;
      }),
    ).rejects.toMatchObject({ code: 'ENGINE_UNAVAILABLE', details: { breaker: 'open' } });
    expect(called).toBe(false);
  });
});
