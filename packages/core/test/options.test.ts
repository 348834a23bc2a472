import {
  type AgnesOptions,
  agnesFetch,
  classify,
  formatAgnesMessage,
  getAgnesInfo,
} from '@agnes-errors/core';
import { AgnesController, normalizeOptions } from '@agnes-errors/core/adapter-kit';
import { describe, expect, it } from 'vitest';

describe('configuration mistakes are reported where they are made', () => {
  it.each<[AgnesOptions, RegExp]>([
    [{ maxRetries: -1 }, /`maxRetries` must be an integer 0 or more, got -1/],
    [{ maxRetries: 1.5 }, /`maxRetries` must be an integer/],
    [{ rpm: 0 }, /`rpm` must be a number above 0 \(finite\), got 0/],
    [{ rpm: Number.NaN }, /`rpm`.*got NaN/],
    [{ baseDelayMs: -5 }, /`baseDelayMs`.*got -5/],
    [{ deadlineMs: 0 }, /`deadlineMs` must be a number above 0/],
    [{ rpmWindowMs: Number.POSITIVE_INFINITY }, /`rpmWindowMs`/],
    [
      { backoff: 'linear' as never },
      /`backoff` must be one of 'full', 'equal', 'decorrelated', got 'linear'/,
    ],
    [{ replay: 'sometimes' as never }, /`replay` must be one of 'auto', 'always', 'never'/],
    [{ alwaysRetryStatuses: [409, 'x'] as never }, /`alwaysRetryStatuses`/],
    [{ locale: 'fr' as never }, /`locale` must be a loaded locale/],
    [{ onRetry: 'log' as never }, /`onRetry` must be a function/],
    [{ store: {} as never }, /`store` must be a RateLimitStore/],
  ])('rejects %o with a TypeError naming the option and the value', (options, message) => {
    expect(() => normalizeOptions(options)).toThrow(TypeError);
    expect(() => normalizeOptions(options)).toThrow(message);
    expect(() => agnesFetch(options)).toThrow(message);
  });

  it('accepts the values that make sense, including Infinity where it means "no limit"', () => {
    expect(
      normalizeOptions({
        maxRetries: 0,
        deadlineMs: Number.POSITIVE_INFINITY,
        rpm: 1000,
        rpm2: 1,
      } as AgnesOptions),
    ).toMatchObject({
      maxRetries: 0,
      rpm: 1000,
    });
    expect(normalizeOptions({ rpm: undefined, deadlineMs: undefined }).rpm).toBeUndefined();
  });

  it("rejects locale 'zh' when the Chinese bundle was never loaded, and takes the bundle itself", async () => {
    // This file never imports '@agnes-errors/core/zh' statically, so the name is not loaded yet.
    expect(() => new AgnesController({ locale: 'zh' })).toThrow(
      /import \{ zh \} from '@agnes-errors\/core\/zh'/,
    );
    const { zh } = await import('@agnes-errors/core/zh');
    const controller = new AgnesController({ locale: zh });
    expect(controller.options.locale).toBe('zh');
    expect(formatAgnesMessage(classify({ status: 401 }, { locale: zh }))).toMatch(/^Agnes API 401 未授权/);
  });

  it('reports a per-call mistake at that call', () => {
    const controller = new AgnesController();
    expect(() => controller.begin({ overrides: { maxRetries: -2 } })).toThrow(/`maxRetries`/);
  });
});

describe('getAgnesInfo answers undefined for what is not a request failure', () => {
  it.each([
    ['a RangeError', new RangeError('x')],
    ['a plain object', { foo: 1 }],
    ['a SyntaxError from parsing a 200', new SyntaxError('Unexpected token < in JSON at position 0')],
    ['an ok Response', new Response('{}', { status: 200 })],
    ['a file error', Object.assign(new Error('no such file'), { code: 'ENOENT' })],
    [
      'an AI SDK output error around nothing',
      Object.assign(new Error('no output'), { name: 'AI_NoOutputGeneratedError' }),
    ],
  ])('%s', (_, value) => {
    expect(getAgnesInfo(value)).toBeUndefined();
  });

  it('follows cause, lastError and errors[] to the real failure', () => {
    const apiCallError = Object.assign(new Error('Service Unavailable'), {
      name: 'AI_APICallError',
      statusCode: 503,
      url: 'https://apihub.agnes-ai.com/v1/chat/completions',
      responseBody: '{"error":{"message":"busy"}}',
      requestBodyValues: { model: 'agnes-2.5-flash' },
    });
    const retryError = Object.assign(new Error('Failed after 3 attempts'), {
      name: 'AI_RetryError',
      lastError: apiCallError,
      errors: [apiCallError, apiCallError, apiCallError],
    });
    expect(getAgnesInfo(retryError)).toMatchObject({
      status: 503,
      reason: 'service_unavailable',
      providerMessage: 'busy',
    });
    const wrapped = Object.assign(new Error('no output'), {
      name: 'AI_NoOutputGeneratedError',
      cause: retryError,
    });
    expect(getAgnesInfo(wrapped)?.status).toBe(503);
    const network = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(getAgnesInfo(new Error('outer', { cause: network }))?.reason).toBe('connection_refused');
  });

  it('stops at cycles and depth', () => {
    const cyclic: Error & { cause?: unknown } = new Error('a');
    cyclic.cause = cyclic;
    expect(getAgnesInfo(cyclic)).toBeUndefined();
  });
});
