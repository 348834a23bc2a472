import { type AgnesFailure, classify, formatAgnesMessage } from '@agnes-errors/core';
import fc from 'fast-check';
import { adversarialFailure, megabyteFailures, megabyteRequestBodies } from '../vitest/hostile-inputs.ts';
import { fixed, percentile, table } from './stats.ts';

/** Everyday failures: random statuses, headers and bodies of any shape. */
const randomFailure: fc.Arbitrary<AgnesFailure> = fc.record(
  {
    status: fc.integer({ min: 100, max: 999 }),
    method: fc.constantFrom('GET', 'POST'),
    url: fc.webUrl({ withQueryParameters: true }),
    requestHeaders: fc.dictionary(fc.string(), fc.string()),
    responseHeaders: fc.dictionary(fc.string(), fc.string()),
    responseBody: fc.oneof(fc.string(), fc.json(), fc.anything()),
  },
  { requiredKeys: [] },
);

function latencies(failures: readonly AgnesFailure[]): number[] {
  for (const failure of failures.slice(0, 200)) formatAgnesMessage(classify(failure));
  return failures.map((failure) => {
    const started = performance.now();
    formatAgnesMessage(classify(failure));
    return performance.now() - started;
  });
}

/** classify + formatAgnesMessage latency over random, adversarial and 1 MB inputs (seeded). */
export function classifyLatency(progress: (text: string) => void): string {
  progress('classify latency');
  const rows = [
    ['random failures', fc.sample(randomFailure, { numRuns: 5000, seed: 1 })],
    ['adversarial text up to ~100 KB', fc.sample(adversarialFailure, { numRuns: 2000, seed: 2 })],
    ['1 MB adversarial bodies and headers', megabyteFailures.map((entry) => entry.failure)],
    [
      '1 MB request bodies (and 10 MB), x20 each',
      Array.from({ length: 20 }, () => megabyteRequestBodies.map((entry) => entry.failure)).flat(),
    ],
  ] as const;
  return [
    '### classify + formatAgnesMessage latency (target: p99 under 1 ms, max under 5 ms)',
    '',
    table(
      ['inputs', 'calls', 'p50 µs', 'p99 µs', 'max µs'],
      rows.map(([name, failures]) => {
        const times = latencies(failures);
        return [
          name,
          times.length,
          fixed(percentile(times, 0.5) * 1000, 0),
          fixed(percentile(times, 0.99) * 1000, 0),
          fixed(Math.max(...times) * 1000, 0),
        ];
      }),
    ),
  ].join('\n');
}
