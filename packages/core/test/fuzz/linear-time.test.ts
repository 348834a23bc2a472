import { type AgnesFailure, classify, formatAgnesMessage } from '@agnes-errors/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adversarialFailure, megabyteFailures } from '../../../../tooling/vitest/hostile-inputs.ts';
import { fuzzParameters, fuzzTimeoutMs } from './settings.ts';

/**
 * A call that must be linear. The bound is far above what a linear pass takes (well under 5 ms for
 * these sizes; `pnpm bench` reports p50/p99/max) and far below what a super-linear one took before
 * (25 s for 4 KB of whitespace): timing noise on a busy machine cannot fail it, backtracking can.
 */
const ceilingMs = 250;

function timed(failure: AgnesFailure): number {
  const started = performance.now();
  formatAgnesMessage(classify(failure));
  return performance.now() - started;
}

describe('classify and formatAgnesMessage stay linear on hostile input', () => {
  it(
    'for random adversarial text in the body, the message, the headers, the client error and the URL',
    () => {
      fc.assert(
        fc.property(adversarialFailure, (failure) => {
          expect(timed(failure)).toBeLessThan(ceilingMs);
        }),
        fuzzParameters(),
      );
    },
    fuzzTimeoutMs,
  );

  it.each(megabyteFailures)('$name', ({ failure }) => {
    expect(timed(failure)).toBeLessThan(ceilingMs);
  });
});
