import '@agnes-errors/core/zh';
import { type AgnesFailure, classify, formatAgnesMessage, getAgnesInfo } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';
import { limitFromHeaders } from '../src/rate-limit/limit-header.ts';
import { toHeaderMap } from '../src/util/headers.ts';
import { retryAfterFromHeaders } from '../src/util/retry-after.ts';

const key = 'sk-ant-test0123456789abcdefghijkl';
const messagesRequest = (
  failure: Partial<AgnesFailure>,
  body: Record<string, unknown> = {},
): AgnesFailure => ({
  method: 'POST',
  url: 'https://apihub.agnes-ai.com/v1/messages',
  requestHeaders: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
  requestBody: JSON.stringify({
    model: 'agnes-2.5-flash',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'hi' }],
    ...body,
  }),
  ...failure,
});
const anthropicError = (type: string, message: string): string =>
  JSON.stringify({ type: 'error', error: { type, message } });

describe('classify: the Anthropic /v1/messages dialect', () => {
  it('reads {"type":"error","error":{...}} bodies: type and message', () => {
    const info = classify(
      messagesRequest({
        status: 429,
        responseBody: anthropicError('rate_limit_error', 'Number of requests exceeded'),
      }),
    );
    expect(info).toMatchObject({
      reason: 'rate_limited',
      providerType: 'rate_limit_error',
      providerMessage: 'Number of requests exceeded',
      endpoint: 'messages',
    });
  });

  it('maps every error type with its usual status onto a reason', () => {
    const cases: [number, string, string][] = [
      [400, 'invalid_request_error', 'bad_request'],
      [401, 'authentication_error', 'invalid_api_key'],
      [403, 'permission_error', 'permission_denied'],
      [404, 'not_found_error', 'not_found'],
      [413, 'request_too_large', 'payload_too_large'],
      [429, 'rate_limit_error', 'rate_limited'],
      [500, 'api_error', 'server_error'],
      [529, 'overloaded_error', 'overloaded'],
    ];
    for (const [status, type, reason] of cases)
      expect(
        classify(messagesRequest({ status, responseBody: anthropicError(type, 'x') })).reason,
        type,
      ).toBe(reason);
  });

  it('a 401 "invalid x-api-key" with the key in x-api-key is an invalid key, not a missing one', () => {
    const info = classify(
      messagesRequest({
        status: 401,
        responseBody: anthropicError('authentication_error', 'invalid x-api-key'),
      }),
    );
    expect(info.reason).toBe('invalid_api_key');
    expect(JSON.stringify(info)).not.toContain(key);
  });

  it('529 overloaded_error: its own reason and words, retried, safe to replay a POST', () => {
    const info = classify(
      messagesRequest({ status: 529, responseBody: anthropicError('overloaded_error', 'Overloaded') }),
    );
    expect(info).toMatchObject({
      reason: 'overloaded',
      category: 'server',
      retryable: true,
      replaySafety: 'safe',
    });
    expect(formatAgnesMessage(info)).toMatch(
      /^Agnes API 529: the provider is overloaded \(529 overloaded_error\)/,
    );
    expect(formatAgnesMessage(info, { locale: 'zh' })).toMatch(/^Agnes API 529：服务商过载/);
    // Safe: replayed even where an ambiguous failure would not be (an unknown endpoint).
    expect(
      classify(messagesRequest({ status: 529, url: 'https://apihub.agnes-ai.com/v1/unknown' })).retryable,
    ).toBe(true);
    expect(classify({ status: 529, method: 'POST', url: 'https://x/v1/videos' })).toMatchObject({
      reason: 'overloaded',
      retryable: true,
    });
  });

  it('overloaded_error under another status is still a brownout', () => {
    const info = classify(
      messagesRequest({ status: 503, responseBody: anthropicError('overloaded_error', 'Overloaded') }),
    );
    expect(info).toMatchObject({ reason: 'overloaded', retryable: true });
  });

  it('an error type decides under a status the catalogue does not document', () => {
    const info = classify(
      messagesRequest({ status: 418, responseBody: anthropicError('rate_limit_error', 'slow down') }),
    );
    expect(info.reason).toBe('rate_limited');
  });

  it('an error event mid-stream: overloaded by its type, else a stream error named by its type, never retried', () => {
    const overloaded = classify(
      messagesRequest({
        condition: 'stream',
        responseBody: anthropicError('overloaded_error', 'Overloaded'),
      }),
    );
    expect(overloaded).toMatchObject({ reason: 'overloaded', retryable: false });
    const apiError = classify(
      messagesRequest({
        condition: 'stream',
        responseBody: anthropicError('api_error', 'Internal server error'),
      }),
    );
    expect(apiError).toMatchObject({ reason: 'stream_error', retryable: false });
    expect(apiError.hints[0]?.details.code).toBe('api_error');
  });

  it('an error event an SDK hands on as text ("SSE Error: {...}", 0.41) is read as the event, never retried', () => {
    const event = anthropicError('overloaded_error', 'Overloaded');
    // As the SDK builds it: an APIConnectionError whose cause carries the event's text.
    const error = Object.assign(new Error(event), {
      name: 'APIConnectionError',
      cause: new Error(`SSE Error: ${event}`),
    });
    expect(getAgnesInfo(error)).toMatchObject({ reason: 'overloaded', retryable: false });
  });

  it('/v1/messages is synchronous: a 500 on it is replayed, a 500 on a task POST is not', () => {
    expect(classify(messagesRequest({ status: 500 })).retryable).toBe(true);
    expect(
      classify(messagesRequest({ status: 500, url: 'https://apihub.agnes-ai.com/v1/videos' })).stop,
    ).toBe('not_replayable');
  });

  it('anthropic-ratelimit-requests-limit is the limit the limiter learns', () => {
    expect(limitFromHeaders(new Map([['anthropic-ratelimit-requests-limit', '50']]))).toBe(50);
  });

  it('anthropic-ratelimit-*-reset: the wait until the exhausted budget refills', () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    const headers = (entries: Record<string, string>) => toHeaderMap(entries);
    expect(
      retryAfterFromHeaders(
        headers({
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': '2026-11-29T12:00:07Z',
          'anthropic-ratelimit-tokens-remaining': '5000',
          'anthropic-ratelimit-tokens-reset': '2026-11-29T12:00:40Z',
        }),
        now,
        true,
      ),
    ).toBe(7000);
    // The token budget ran out: its reset, the later one.
    expect(
      retryAfterFromHeaders(
        headers({
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': '2026-11-29T12:00:07Z',
          'anthropic-ratelimit-input-tokens-remaining': '0',
          'anthropic-ratelimit-input-tokens-reset': '2026-11-29T12:00:20Z',
        }),
        now,
        true,
      ),
    ).toBe(20_000);
    // A 429 naming no exhausted budget: the requests reset; Retry-After wins over all of them.
    expect(
      retryAfterFromHeaders(
        headers({ 'anthropic-ratelimit-requests-reset': '2026-11-29T12:00:03Z' }),
        now,
        true,
      ),
    ).toBe(3000);
    expect(
      retryAfterFromHeaders(
        headers({ 'retry-after': '2', 'anthropic-ratelimit-requests-reset': '2026-11-29T12:00:30Z' }),
        now,
        true,
      ),
    ).toBe(2000);
    // Nonsense and budgets left are ignored.
    expect(
      retryAfterFromHeaders(headers({ 'anthropic-ratelimit-requests-reset': '17' }), now, true),
    ).toBeUndefined();
    expect(
      retryAfterFromHeaders(
        headers({
          'anthropic-ratelimit-requests-remaining': '3',
          'anthropic-ratelimit-requests-reset': '2026-11-29T12:00:30Z',
        }),
        now,
        false,
      ),
    ).toBeUndefined();
  });
});

describe('diagnoses say what the provider said', () => {
  const chat = (failure: Partial<AgnesFailure>, body: Record<string, unknown> = {}): AgnesFailure => ({
    method: 'POST',
    url: 'https://apihub.agnes-ai.com/v1/chat/completions',
    requestHeaders: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    requestBody: JSON.stringify({
      model: 'agnes-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
      ...body,
    }),
    ...failure,
  });
  const openaiError = (message: string) =>
    JSON.stringify({ error: { message, type: 'invalid_request_error' } });

  it('max_tokens: the limit the provider stated (Anthropic dialect, /v1/messages)', () => {
    const info = classify(
      messagesRequest(
        {
          status: 400,
          responseBody: anthropicError(
            'invalid_request_error',
            'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for agnes-2.5-flash',
          ),
        },
        { max_tokens: 100_000 },
      ),
    );
    expect(info.reason).toBe('max_tokens_too_large');
    expect(info.hints[0]?.details).toMatchObject({ maxTokens: 100_000, maxTokensLimit: 64_000 });
    const message = formatAgnesMessage(info);
    expect(message).toContain('max_tokens = 100000 is above the limit of 64000');
    expect(message).not.toContain('65536');
    expect(formatAgnesMessage(info, { locale: 'zh' })).toContain('超过上限 64000');
  });

  it('max_tokens: the limit the provider stated (new-api, chat, in Chinese and OpenAI words)', () => {
    const stated = (message: string) =>
      classify(chat({ status: 400, responseBody: openaiError(message) }, { max_tokens: 200_000 })).hints[0]
        ?.details.maxTokensLimit;
    expect(stated('max_tokens 不能超过 32768')).toBe(32_768);
    expect(stated('max_tokens 不能超过 65536')).toBe(65_536);
    expect(
      stated(
        'max_tokens is too large: 200000. This model supports at most 16384 completion tokens, whereas you provided 200000.',
      ),
    ).toBe(16_384);
    expect(stated('max_tokens must be less than or equal to `8192`')).toBe(8192);
    expect(stated('max_tokens: 200000 > 128,000, which is the maximum')).toBe(128_000);
  });

  it('max_tokens: our default 65536 only when the provider stated no limit', () => {
    const info = classify(
      chat({ status: 400, responseBody: openaiError('max_tokens is too large') }, { max_tokens: 100_000 }),
    );
    expect(info.reason).toBe('max_tokens_too_large');
    expect(info.hints[0]?.details.maxTokensLimit).toBeUndefined();
    expect(formatAgnesMessage(info)).toContain('is above the limit of 65536');
    const silent = classify(chat({ status: 400 }, { max_tokens: 100_000 }));
    expect(formatAgnesMessage(silent)).toContain('max_tokens = 100000 is above the limit of 65536');
  });

  it('a message about the context bounding input plus max_tokens names the context, not a max_tokens limit', () => {
    const info = classify(
      messagesRequest({
        status: 400,
        responseBody: anthropicError(
          'invalid_request_error',
          'input length and `max_tokens` exceed context limit: 197000 + 8192 > 200000, decrease input length or `max_tokens` and try again',
        ),
      }),
    );
    const limits = info.hints.map((hint) => [
      hint.reason,
      hint.details.maxTokensLimit,
      hint.details.contextLimit,
    ]);
    expect(limits).toContainEqual(['context_length_exceeded', undefined, 200_000]);
    expect(limits.find(([reason]) => reason === 'max_tokens_too_large')?.[1]).toBeUndefined();
  });

  it('context length: the window the provider stated, on every endpoint and in a stream', () => {
    const anthropic = classify(
      messagesRequest({
        status: 400,
        responseBody: anthropicError(
          'invalid_request_error',
          'prompt is too long: 210000 tokens > 200000 maximum',
        ),
      }),
    );
    expect(anthropic.reason).toBe('context_length_exceeded');
    expect(formatAgnesMessage(anthropic)).toContain(
      "longer than the model's context window of 200000 tokens",
    );
    const openai = classify(
      chat({
        status: 400,
        responseBody: openaiError(
          "This model's maximum context length is 128000 tokens. However, you requested 150000 tokens.",
        ),
      }),
    );
    expect(openai.hints[0]?.details.contextLimit).toBe(128_000);
    expect(formatAgnesMessage(openai, { locale: 'zh' })).toContain('上限 128000 个 token');
    const streamed = classify(
      messagesRequest({
        condition: 'stream',
        responseBody: anthropicError(
          'invalid_request_error',
          'prompt is too long: 9000 tokens > 8192 maximum',
        ),
      }),
    );
    expect(streamed.hints[0]?.details.contextLimit).toBe(8192);
    const unstated = classify(chat({ status: 400, responseBody: openaiError('context length exceeded') }));
    expect(unstated.hints[0]?.details.contextLimit).toBeUndefined();
    expect(formatAgnesMessage(unstated)).toContain("longer than the model's context window");
  });

  it('request size: the limit the provider stated, none when it stated none', () => {
    const stated = classify(
      messagesRequest({
        status: 413,
        responseBody: anthropicError('request_too_large', 'Request exceeds the maximum size of 32 MB'),
      }),
    );
    expect(stated.hints[0]?.details.sizeLimitBytes).toBe(32_000_000);
    expect(formatAgnesMessage(stated)).toContain('above the limit of 32 MB');
    expect(formatAgnesMessage(stated, { locale: 'zh' })).toContain('超过上限 32 MB');
    const unstated = classify(
      messagesRequest({
        status: 413,
        responseBody: anthropicError(
          'request_too_large',
          'Request exceeds the maximum allowed number of bytes.',
        ),
      }),
    );
    expect(unstated.hints[0]?.details.sizeLimitBytes).toBeUndefined();
  });

  it('a hostile message states no limit: numbers too long to be one are ignored', () => {
    const hostile = `max_tokens maximum > ${'9'.repeat(5000)} context length ${'1,'.repeat(5000)}`;
    const info = classify(chat({ status: 400, responseBody: openaiError(hostile) }, { max_tokens: 100_000 }));
    expect(
      info.hints.find((hint) => hint.reason === 'max_tokens_too_large')?.details.maxTokensLimit,
    ).toBeUndefined();
  });
});
