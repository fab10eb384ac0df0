import { describe, expect, it } from 'vitest';
import { parseTargets } from './targets.js';

describe('parseTargets', () => {
  it('reads the three kinds and refuses anything else, naming the setting', () => {
    const t = parseTargets(
      JSON.stringify({
        share: { type: 'folder', path: '/srv/exports' },
        cms: { type: 'webhook', url: 'https://cms.example.com/h', secret: 'x'.repeat(16) },
      }),
    );
    expect([...t.keys()]).toEqual(['share', 'cms']);
    expect(parseTargets('').size).toBe(0);
    const bad = [
      '{',
      JSON.stringify({ share: { type: 'folder', path: 'relative/dir' } }),
      JSON.stringify({ cms: { type: 'webhook', url: 'https://cms.example.com', secret: 'short' } }),
      JSON.stringify({ cms: { type: 'webhook', url: 'ftp://cms.example.com', secret: 'x'.repeat(16) } }),
      JSON.stringify({ x: { type: 'email', to: 'a@b' } }),
      JSON.stringify({ 'Bad Name': { type: 'folder', path: '/srv' } }),
      JSON.stringify({ share: { type: 'folder', path: '/srv', extra: 1 } }),
      JSON.stringify({
        cms: { type: 'webhook', url: 'https://u:pw@cms.example.com/h', secret: 'x'.repeat(16) },
      }),
    ];
    for (const raw of bad)
      expect(() => parseTargets(raw), raw).toThrow(
        expect.objectContaining({
          code: 'INVALID_ARGUMENT',
          message: expect.stringMatching(/SCALPEL_PUBLISH_TARGETS/),
        }),
      );
  });
});
