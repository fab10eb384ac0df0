/**
 * Hardening found by probing the service, each reproduced here first: links built from a forged
 * Host header.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/service/config.js';
import { b64, poster, startTestService, type TestService } from './service.js';

let t: TestService | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

interface JobJson {
  result: { image: { url: string } };
}

const edit = async (svc: TestService, host: string) =>
  (await (
    await svc.app.request(`http://${host}/v1/edits?wait=60`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: b64(await poster()), instruction: '暖一点' }),
    })
  ).json()) as JobJson;

describe('absolute links', () => {
  it('echo a forged Host when no public URL is set (the reason to set one)', async () => {
    t = startTestService();
    expect((await edit(t, 'evil.example')).result.image.url).toMatch(/^http:\/\/evil\.example\//);
  });

  it('use SCALPEL_PUBLIC_URL whatever Host the client sends, and still route', async () => {
    t = startTestService({ publicUrl: 'https://scalpel.example.com' });
    const url = (await edit(t, 'evil.example')).result.image.url;
    expect(url).toMatch(/^https:\/\/scalpel\.example\.com\/v1\/files\//);
    const got = await t.app.request(url.replace('https://scalpel.example.com', 'http://anything'));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
  });

  it('refuses a public URL with a path, which would not be routed', () => {
    expect(() => configFromEnv({ SCALPEL_PUBLIC_URL: 'https://example.com/scalpel' })).toThrow(
      /SCALPEL_PUBLIC_URL/,
    );
    expect(configFromEnv({ SCALPEL_PUBLIC_URL: 'https://example.com/' }).publicUrl).toBe(
      'https://example.com',
    );
  });
});
