import '@agnes-errors/core/zh';
import { type AgnesFailure, classify, formatAgnesMessage } from '@agnes-errors/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParameters, fuzzTimeoutMs } from './settings.ts';

const anyHeaders = fc.oneof(
  fc.dictionary(
    fc.string(),
    fc.oneof(fc.string(), fc.integer(), fc.array(fc.string()), fc.constant(undefined)),
  ),
  fc.array(fc.tuple(fc.string(), fc.string())),
  fc.constant(null),
  fc.anything(),
);
const anyBody = fc.oneof(
  fc.string(),
  fc.json(),
  fc.anything(),
  fc.uint8Array(),
  fc.constantFrom(
    '<html><title>x',
    '{"error":',
    '{"error":{"message":',
    '[',
    'null',
    '<?xml',
    '{"error":{"code":429}}',
  ),
);
const anyFailure = fc.record(
  {
    status: fc.oneof(
      fc.integer({ min: -10, max: 1000 }),
      fc.constantFrom(400, 401, 402, 404, 409, 413, 429, 431, 500, 503),
      fc.double(),
      fc.constant(undefined),
    ),
    condition: fc.constantFrom('network', 'timeout', 'abort', 'bogus', undefined),
    errorCode: fc.oneof(fc.string(), fc.constantFrom('ECONNREFUSED', 'ENOTFOUND')),
    errorMessage: fc.string(),
    method: fc.oneof(fc.string(), fc.constantFrom('GET', 'POST', 'post')),
    url: fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string(), fc.constant('http://[::1')),
    requestHeaders: anyHeaders,
    requestBody: anyBody,
    responseHeaders: anyHeaders,
    responseBody: anyBody,
    attempt: fc.oneof(fc.integer(), fc.constant(undefined)),
  },
  { requiredKeys: [] },
);

describe('classify never throws', () => {
  it(
    'returns a complete diagnosis for any input',
    () => {
      fc.assert(
        fc.property(anyFailure, fc.constantFrom('en', 'zh', 'fr', undefined), (failure, locale) => {
          const info = classify(failure as AgnesFailure, { locale: locale as 'en' });
          expect(typeof info.reason).toBe('string');
          expect(typeof info.retryable).toBe('boolean');
          expect(info.hints.length).toBeGreaterThan(0);
          expect(info.hints[0]?.reason).toBe(info.reason);
          expect(typeof formatAgnesMessage(info)).toBe('string');
          expect(typeof formatAgnesMessage(info, { locale: 'zh' })).toBe('string');
        }),
        fuzzParameters(),
      );
    },
    fuzzTimeoutMs,
  );

  it('survives hostile values: getters that throw, cyclic bodies, null', () => {
    const hostile = {
      get status(): number {
        throw new Error('boom');
      },
    };
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(classify(hostile as AgnesFailure).reason).toBe('network_error');
    expect(classify({ status: 500, responseBody: cyclic, requestBody: cyclic }).reason).toBe('server_error');
    expect(classify(null as unknown as AgnesFailure).reason).toBe('network_error');
    const brokenHeaders = {
      forEach: () => {
        throw new Error('nope');
      },
    };
    expect(classify({ status: 401, requestHeaders: brokenHeaders }).reason).toBe('missing_authorization');
  });
});
