import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../../errors.js';
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

  it('times out, and opens the breaker after repeated failed requests', async () => {
    const breaker = new Breaker(2, 60_000);
    const hang = () => new Promise<never>(() => undefined);
    const slow = (signal: AbortSignal) =>
      Promise.race([
        hang(),
        new Promise<never>((_, no) => signal.addEventListener('abort', () => no(signal.reason))),
      ]);
    await expect(resilient('p', breaker, policy, slow)).rejects.toMatchObject({ code: 'ENGINE_UNAVAILABLE' });
    // One request, three attempts: one failure, not three.
    expect(breaker.waitS()).toBe(0);
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

  it('lets one trial through when half-open, and closes on its success', async () => {
    const breaker = new Breaker(1, 0);
    breaker.failure(Date.now() - 1);
    expect(breaker.admit()).toBe(0);
    // While the trial is out, others wait.
    expect(breaker.admit()).toBeGreaterThan(0);
    breaker.success();
    expect(breaker.admit()).toBe(0);
    expect(breaker.admit()).toBe(0);
  });

  it('hands a setting error back as it is, without retrying or counting it', async () => {
    const breaker = new Breaker(1, 60_000);
    let calls = 0;
    const bad = resilient('p', breaker, policy, async () => {
      calls++;
      throw new ScalpelError('INVALID_ARGUMENT', 'COMFYUI_WORKFLOW: not JSON.', { stage: 'args' });
    });
    await expect(bad).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(calls).toBe(1);
    expect(breaker.admit()).toBe(0);
  });
});
