import { classify, formatAgnesMessage } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';
import { megabyteRequestBodies } from '../../../../tooling/vitest/hostile-inputs.ts';

/**
 * Request bodies of 1 MB and more: the classification never throws, still finds what the request
 * says (a field after a megabyte of image, a body cut short), and stays linear. As in
 * linear-time.test.ts the bound is a ceiling that only super-linear work can reach; the latency
 * figures (target p99 under 1 ms, max under 5 ms) are in `pnpm bench`.
 */
const ceilingMs = 250;

describe('classify reads large request bodies with a bound', () => {
  it.each(megabyteRequestBodies)('$name', ({ failure, expect: expected }) => {
    const started = performance.now();
    const info = classify(failure);
    formatAgnesMessage(info);
    expect(performance.now() - started).toBeLessThan(ceilingMs);
    const reasons = [info.reason, ...info.hints.map((hint) => hint.reason)];
    expect(reasons).toContain(expected.reason);
    const hint = info.hints.find((candidate) => candidate.reason === expected.reason);
    if (expected.details) expect(hint?.details).toMatchObject(expected.details);
  });
});

describe('classify and request bodies that fight back', () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const throwing = new Proxy(
    {},
    {
      getPrototypeOf: () => {
        throw new Error('trap');
      },
      get: () => {
        throw new Error('trap');
      },
    },
  );
  it.each([
    ['a revoked Proxy', revoked.proxy],
    ['a Proxy whose traps throw', throwing],
    [
      'a cyclic object',
      (() => {
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        return cyclic;
      })(),
    ],
  ])('never throws for %s, at any status', (_name, requestBody) => {
    for (const status of [400, 413, 429, 500]) {
      const info = classify({
        status,
        requestBody,
        responseBody: { error: { message: 'context length exceeded' } },
      });
      expect(formatAgnesMessage(info)).toMatch(/^Agnes API/);
    }
  });
});
