import { defineConfig } from 'vitest/config';

// AGNES_TEST_RESULTS=<file> also writes vitest's JSON report there (.ci/run reads it for the summary line).
const resultsFile = process.env.AGNES_TEST_RESULTS;

// One vitest project per package; adapters add one project per supported client major.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'packages/*/vitest.config.*.ts',
      'tooling/demo/vitest.config.ts',
      'examples/vitest.config.ts',
    ],
    reporters: resultsFile ? ['default', ['json', { outputFile: resultsFile }]] : ['default'],
  },
});
