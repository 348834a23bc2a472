import '@agnes-errors/core/zh';
import { inspect } from 'node:util';
import { AgnesError, type AgnesFailure, classify, formatAgnesMessage } from '@agnes-errors/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

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
    replayed: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('classify never throws', () => {
  it('returns a complete diagnosis for any input', () => {
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
      { numRuns: 600 },
    );
  });

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

/** Keys as users have them: free and Token Plan prefixes, or anything that sits in Authorization. */
const apiKey = fc.oneof(
  fc.stringMatching(/^sk-[A-Za-z0-9]{20,48}$/),
  fc.stringMatching(/^cpk-[A-Za-z0-9_-]{20,48}$/),
  fc.stringMatching(/^[A-Za-z0-9]{24,40}$/),
);

describe('an API key never appears in any output', () => {
  it('wherever the key is placed: headers, URL, body, provider message', () => {
    fc.assert(
      fc.property(apiKey, fc.constantFrom(401, 403, 429, 431, 500, 502, undefined), (key, status) => {
        const failure: AgnesFailure = {
          status,
          condition: status === undefined ? 'network' : undefined,
          errorMessage: `connect failed for Bearer ${key}`,
          method: 'POST',
          url: `https://apihub.agnes-ai.com/v1/chat/completions?api_key=${key}&key=${key}`,
          requestHeaders: { authorization: `Bearer ${key}`, 'x-api-key': key, cookie: `token=${key}` },
          requestBody: JSON.stringify({
            model: 'agnes-2.5-flash',
            api_key: key,
            messages: [{ role: 'user', content: key }],
          }),
          responseHeaders: { 'x-request-id': 'req_1' },
          responseBody: JSON.stringify({
            error: { message: `Incorrect API key provided: ${key}. (request id: abc)`, param: key },
          }),
        };
        const info = classify(failure);
        const error = new AgnesError(
          { ...info, attempts: 3, totalDelayMs: 1200 },
          { cause: new Error(`Bearer ${key}`) },
        );
        const outputs = [
          formatAgnesMessage(info),
          formatAgnesMessage(info, { locale: 'zh' }),
          JSON.stringify(info),
          JSON.stringify(error),
          String(error),
          inspect(error, { depth: 10 }),
          error.message,
        ];
        for (const output of outputs) expect(output).not.toContain(key);
      }),
      { numRuns: 300 },
    );
  });
});
