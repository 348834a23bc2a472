import '@agnes-errors/core/zh';
import { type AgnesFailure, classify } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';

const base = 'https://apihub.agnes-ai.com/v1';
const key = 'sk-test0123456789abcdefghijkl';
const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
const chat = (failure: Partial<AgnesFailure>): AgnesFailure => ({
  method: 'POST',
  url: `${base}/chat/completions`,
  requestHeaders: auth,
  requestBody: JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
  ...failure,
});
const providerError = (message: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ error: { message, type: 'new_api_error', param: '', code: null, ...extra } });

describe('classify: provider body shapes', () => {
  it('reads new-api bodies and the trailing request id', () => {
    const info = classify(
      chat({
        status: 400,
        responseBody: providerError('max_tokens 不能超过 65536 (request id: 20261128100000123abc)'),
      }),
    );
    expect(info.providerMessage).toBe('max_tokens 不能超过 65536');
    expect(info.requestId).toBe('20261128100000123abc');
    expect(info.providerType).toBe('new_api_error');
  });

  it('prefers the X-Oneapi-Request-Id header, then x-request-id, then request-id', () => {
    expect(classify(chat({ status: 500, responseHeaders: { 'X-Oneapi-Request-Id': 'one' } })).requestId).toBe(
      'one',
    );
    expect(classify(chat({ status: 500, responseHeaders: { 'x-request-id': 'two' } })).requestId).toBe('two');
    expect(
      classify(chat({ status: 500, responseHeaders: new Headers({ 'request-id': 'three' }) })).requestId,
    ).toBe('three');
  });

  it('reads LiteLLM bodies whose code is a string', () => {
    const body = providerError(
      'litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached',
      { code: '429', type: 'throttling_error' },
    );
    const info = classify(chat({ status: 429, responseBody: body }));
    expect(info.reason).toBe('rate_limited');
    expect(info.providerCode).toBe('429');
    expect(info.providerMessage).toMatch(/^litellm.RateLimitError/);
  });

  it('reads OpenRouter bodies whose code is a number', () => {
    const info = classify(
      chat({
        status: 402,
        responseBody: { error: { code: 402, message: 'Insufficient credits', metadata: {} } },
      }),
    );
    expect(info.providerCode).toBe('402');
    expect(info.reason).toBe('insufficient_quota');
  });

  it('reads flat {message, code} bodies and plain text', () => {
    expect(
      classify(chat({ status: 503, responseBody: '{"message":"upstream busy","code":"busy"}' }))
        .providerMessage,
    ).toBe('upstream busy');
    expect(classify(chat({ status: 502, responseBody: 'Bad Gateway\n' })).providerMessage).toBe(
      'Bad Gateway',
    );
  });

  it('reads the title of an HTML edge page', () => {
    const html =
      '<!DOCTYPE html><html><head><title>apihub.agnes-ai.com | 522: Connection timed out</title></head><body>x</body></html>';
    const info = classify(
      chat({ status: 522, responseBody: html, responseHeaders: { 'cf-ray': '8f0e-LAX' } }),
    );
    expect(info.reason).toBe('edge_connection_timeout');
    expect(info.providerMessage).toBe('apihub.agnes-ai.com | 522: Connection timed out');
    expect(info.requestId).toBe('8f0e-LAX');
    expect(info.retryable).toBe(true);
  });

  it('survives truncated JSON and still finds the message', () => {
    const info = classify(
      chat({ status: 400, responseBody: '{"error":{"message":"n 必须为 1","type":"new_api_er' }),
    );
    expect(info.providerMessage).toBe('n 必须为 1');
    expect(info.reason).toBe('n_must_be_1');
  });

  it('reads bytes and reads only a bounded prefix of huge bodies', () => {
    const huge = `{"error":{"message":"${'x'.repeat(5_000_000)}"}}`;
    const started = performance.now();
    const info = classify(chat({ status: 500, responseBody: new TextEncoder().encode(huge) }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(info.providerMessage?.length).toBeLessThanOrEqual(500);
    expect(info.reason).toBe('server_error');
  });
});

describe('classify: diagnoses from the request', () => {
  it('spots /v1/v1 in the URL', () => {
    const info = classify(chat({ status: 404, url: `${base}/v1/chat/completions` }));
    expect(info.reason).toBe('duplicated_v1');
    expect(info.hints[0]?.message).toMatch(/repeats \/v1/);
  });

  it('spots a base URL without /v1', () => {
    expect(classify(chat({ status: 404, url: 'https://apihub.agnes-ai.com/chat/completions' })).reason).toBe(
      'missing_v1',
    );
  });

  it('tells a missing Authorization header from a malformed one', () => {
    expect(classify(chat({ status: 401, requestHeaders: {} })).reason).toBe('missing_authorization');
    expect(classify(chat({ status: 401, requestHeaders: { authorization: 'Bearer ' } })).reason).toBe(
      'missing_authorization',
    );
    expect(classify(chat({ status: 401, requestHeaders: { authorization: key } })).reason).toBe(
      'malformed_authorization',
    );
    expect(classify(chat({ status: 401, requestHeaders: { authorization: `Bearer ${key} x` } })).reason).toBe(
      'api_key_whitespace',
    );
    expect(classify(chat({ status: 401, requestHeaders: { authorization: 'Bearer abc123' } })).reason).toBe(
      'unknown_key_prefix',
    );
    expect(classify(chat({ status: 401 })).reason).toBe('invalid_api_key');
  });

  it('treats a 429 about balance as a final quota failure', () => {
    const info = classify(
      chat({
        status: 429,
        responseBody: providerError(
          'You exceeded your current quota, please check your plan and billing details.',
        ),
      }),
    );
    expect(info.reason).toBe('insufficient_quota');
    expect(info.category).toBe('billing');
    expect(info.retryable).toBe(false);
    expect(classify(chat({ status: 429, responseBody: providerError('用户额度不足') })).reason).toBe(
      'insufficient_quota',
    );
  });

  it('diagnoses max_tokens, n and the wrong endpoint from Chinese provider messages', () => {
    expect(
      classify(chat({ status: 400, responseBody: providerError('max_tokens 不能超过 65536') })).reason,
    ).toBe('max_tokens_too_large');
    expect(classify(chat({ status: 400, responseBody: providerError('n 必须为 1') })).reason).toBe(
      'n_must_be_1',
    );
    const wrong = classify(
      chat({
        status: 400,
        responseBody: providerError(
          '模型 agnes-image-2.1-flash 是 image 模型，请使用 /v1/images/generations',
        ),
      }),
    );
    expect(wrong.reason).toBe('wrong_endpoint_for_model');
    expect(wrong.hints[0]?.fix).toContain('/v1/images/generations');
  });

  it('diagnoses max_tokens and n from the request body when the message is vague', () => {
    const info = classify(
      chat({
        status: 400,
        requestBody: { model: 'agnes-2.5-flash', max_tokens: 100000 },
        responseBody: providerError('bad request'),
      }),
    );
    expect(info.reason).toBe('max_tokens_too_large');
    expect(info.hints[0]?.details.maxTokens).toBe(100000);
    expect(
      classify(chat({ status: 400, requestBody: '{"model":"agnes-2.5-flash","n":3}' })).hints[0]?.details.n,
    ).toBe(3);
  });

  it('estimates tokens when the context is too long', () => {
    const content = 'word '.repeat(40_000);
    const info = classify(
      chat({
        status: 400,
        requestBody: JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content }] }),
        responseBody: providerError("This model's maximum context length is 32768 tokens"),
      }),
    );
    expect(info.reason).toBe('context_length_exceeded');
    expect(info.hints[0]?.details.estimatedTokens).toBeGreaterThan(40_000);
  });

  it('reads a 500 about image size as a parameter fault that is not retried', () => {
    const info = classify({
      status: 500,
      method: 'POST',
      url: `${base}/images/generations`,
      requestBody: { model: 'agnes-image-2.1-flash', size: '1000x1000' },
    });
    expect(info.reason).toBe('image_size_not_multiple_of_16');
    expect(info.retryable).toBe(false);
    expect(info.hints[0]?.details.size).toBe('1000x1000');
    expect(
      classify({
        status: 500,
        url: `${base}/images/generations`,
        responseBody: providerError('尺寸必须是 16 的倍数'),
      }).reason,
    ).toBe('image_size_not_multiple_of_16');
  });

  it('reads video size and frame faults', () => {
    const video = (body: object) =>
      classify({ status: 500, method: 'POST', url: `${base}/videos`, requestBody: body });
    expect(video({ model: 'agnes-video-v2.0', size: '1280x720' }).reason).toBe(
      'video_size_not_multiple_of_64',
    );
    expect(video({ model: 'agnes-video-v2.0', size: '1280x704', num_frames: 100 }).reason).toBe(
      'video_frames_invalid',
    );
  });

  it('finds an unknown or unrouted model on 503 and 404', () => {
    const info = classify(
      chat({
        status: 503,
        requestBody: { model: 'agnes-9' },
        responseBody: providerError('当前分组 default 下对于模型 agnes-9 无可用渠道'),
      }),
    );
    expect(info.reason).toBe('model_not_found');
    expect(info.retryable).toBe(false);
    expect(info.hints[0]?.details.model).toBe('agnes-9');
    expect(
      classify(
        chat({
          status: 404,
          responseBody: providerError('The model `gpt-9` does not exist', { code: 'model_not_found' }),
        }),
      ).reason,
    ).toBe('model_not_found');
    expect(
      classify(chat({ status: 503, responseBody: providerError('Service temporarily unavailable') })).reason,
    ).toBe('service_unavailable');
  });

  it('measures the body and its base64 images on 413', () => {
    const image = `data:image/png;base64,${'A'.repeat(400_000)}`;
    const info = classify(
      chat({
        status: 413,
        requestBody: JSON.stringify({
          model: 'agnes-2.5-flash',
          messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: image } }] }],
        }),
      }),
    );
    expect(info.reason).toBe('payload_too_large');
    expect(info.hints[0]?.details.base64Images).toBe(1);
    expect(info.hints[0]?.details.bodyBytes).toBeGreaterThan(400_000);
    expect(info.hints[0]?.fix).toMatch(/URL/);
  });

  it('names the largest headers on 431 without their values', () => {
    const info = classify(
      chat({
        status: 431,
        requestHeaders: { ...auth, cookie: `session=${'c'.repeat(9000)}`, 'x-trace': 'small' },
      }),
    );
    expect(info.reason).toBe('headers_too_large');
    expect(info.hints[0]?.details.largestHeaders).toMatch(/^cookie \(\d+ B\)/);
    expect(info.hints[0]?.message).not.toContain('ccccc');
  });

  it('names the expected method on 405', () => {
    const info = classify({ status: 405, method: 'GET', url: `${base}/chat/completions` });
    expect(info.reason).toBe('wrong_method');
    expect(info.hints[0]?.details.expectedMethod).toBe('POST');
  });

  it('reports the Content-Type sent on 415', () => {
    const info = classify(chat({ status: 415, requestHeaders: { ...auth, 'content-type': 'text/plain' } }));
    expect(info.hints[0]?.details.contentType).toBe('text/plain');
  });

  it('reads a 409 after our own retry of a task-creating POST as a duplicate task', () => {
    const video = { status: 409, method: 'POST', url: `${base}/videos` };
    expect(classify({ ...video, attempt: 2 }).reason).toBe('duplicate_task');
    expect(classify(video).reason).toBe('conflict');
  });

  it('names a 422 parameter from the body', () => {
    const info = classify(
      chat({ status: 422, responseBody: providerError('seed out of range', { param: 'seed' }) }),
    );
    expect(info.reason).toBe('invalid_parameters');
    expect(info.hints[0]?.details.param).toBe('seed');
  });
});

describe('classify: no response', () => {
  it.each([
    ['ECONNREFUSED', 'connection_refused', 'safe'],
    ['ENOTFOUND', 'dns_failure', 'safe'],
    ['EAI_AGAIN', 'dns_failure', 'safe'],
    ['ECONNRESET', 'connection_reset', 'ambiguous'],
    ['UND_ERR_SOCKET', 'connection_reset', 'ambiguous'],
    ['ETIMEDOUT', 'client_timeout', 'ambiguous'],
    ['EHOSTUNREACH', 'network_error', 'ambiguous'],
  ])('reads %s as %s (%s to replay)', (errorCode, reason, replay) => {
    const info = classify({ condition: 'network', errorCode, url: `${base}/models` });
    expect(info.reason).toBe(reason);
    expect(info.replaySafety).toBe(replay);
    expect(info.retryable).toBe(true);
    expect(info.status).toBeUndefined();
  });

  it('falls back to the error message when there is no code', () => {
    expect(classify({ condition: 'network', errorMessage: 'socket hang up' }).reason).toBe(
      'connection_reset',
    );
    expect(
      classify({ condition: 'network', errorMessage: 'getaddrinfo ENOTFOUND apihub.agnes-ai.com' }).reason,
    ).toBe('dns_failure');
  });

  it('never retries the caller abort, and retries a client timeout', () => {
    expect(classify({ condition: 'abort' })).toMatchObject({
      reason: 'caller_aborted',
      retryable: false,
      category: 'aborted',
    });
    expect(classify({ condition: 'timeout', timeoutMs: 30_000 })).toMatchObject({
      reason: 'client_timeout',
      retryable: true,
    });
  });
});

describe('classify: unknown statuses', () => {
  it('falls back to HTTP semantics: 5xx transient, 4xx not', () => {
    expect(classify({ status: 418 })).toMatchObject({
      reason: 'unknown_status',
      retryable: false,
      entry: undefined,
    });
    expect(classify({ status: 530 })).toMatchObject({
      reason: 'unknown_status',
      retryable: true,
      category: 'server',
    });
  });

  it('gives Chinese hints with locale zh', () => {
    const info = classify(chat({ status: 401, requestHeaders: {} }), { locale: 'zh' });
    expect(info.hints[0]?.message).toMatch(/Authorization/);
    expect(info.hints[0]?.message).toMatch(/请求头/);
    expect(info.entry?.title).toBe('未授权');
  });
});

describe('classify: errors inside a started stream', () => {
  it('reads the error event and never marks it retryable', () => {
    const info = classify({
      condition: 'stream',
      responseBody: { error: { message: 'upstream failed', type: 'upstream_error', code: 'internal_error' } },
    });
    expect(info).toMatchObject({
      reason: 'stream_error',
      retryable: false,
      category: 'server',
      providerCode: 'internal_error',
    });
    expect(
      classify({
        condition: 'stream',
        responseBody: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
      }),
    ).toMatchObject({ reason: 'rate_limited', retryable: false });
  });
});

describe('classify: network errors without a code', () => {
  it("names the client's own reason when there is no code", () => {
    const info = classify({
      condition: 'network',
      errorMessage: 'bad port',
      url: 'http://127.0.0.1:9/v1/models',
    });
    expect(info.reason).toBe('network_error');
    expect(info.hints[0]?.message).toBe('a network error occurred (bad port)');
  });
});

describe('classify: the clock', () => {
  it('turns an HTTP-date Retry-After into a delay from nowMs (and from the deprecated now)', () => {
    const nowMs = Date.UTC(2026, 10, 29, 12, 0, 0);
    const failure: AgnesFailure = {
      status: 429,
      method: 'POST',
      url: `${base}/chat/completions`,
      responseHeaders: { 'retry-after': new Date(nowMs + 5000).toUTCString() },
    };
    expect(classify(failure, { nowMs }).retryAfterMs).toBe(5000);
    expect(classify(failure, { now: nowMs }).retryAfterMs).toBe(5000);
  });
});
