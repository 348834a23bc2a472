import { defineConfig } from 'vitest/config';

// AGNES_TEST_RESULTS=<file> also writes vitest's JSON report there (.ci/run reads it for the summary line).
const resultsFile = process.env.AGNES_TEST_RESULTS;

// Not part of `pnpm test` (it needs Chromium from Debian's packages): `pnpm test:runtimes` runs it.
export default defineConfig({
  resolve: { conditions: ['agnes-source', 'module', 'node', 'development|production'] },
  ssr: {
    resolve: {
      conditions: ['agnes-source', 'module', 'node', 'development|production'],
      externalConditions: ['agnes-source'],
    },
  },
  test: {
    name: 'runtimes',
    include: ['test/**/*.test.ts'],
    reporters: resultsFile ? ['default', ['json', { outputFile: resultsFile }]] : ['default'],
  },
});
