import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Model-backed suites hold ~1 GB each; two forks fit the 2-core CI machine.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // The JSON summary lets CI print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.tmp/test-results.json' }]],
  },
});
