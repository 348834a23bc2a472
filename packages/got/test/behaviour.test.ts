import { AgnesError, getAgnesInfo } from '@agnes-errors/core';
import { HTTPError, RequestError, TimeoutError } from 'got';
import { describe, expect, it } from 'vitest';
import { apiKey, chatBody, fast, gotMajor, rejection, setup } from './helpers.ts';

describe(`got ${gotMajor} behaviour`, () => {
  it('leaves a 200 untouched: the response with its status, headers and body', async () => {
    const { api } = await setup(fast);
    const response = await api.get('models');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/json/);
    expect((JSON.parse(response.body) as { data: unknown[] }).data.length).toBeGreaterThan(5);
  });

  it('keeps error.options usable while the error carries no key in JSON', async () => {
    const { api } = await setup(fast, { script: { '*': [{ status: 401 }] } });
    const error = await rejection(api.post('chat/completions', { json: chatBody }));
    expect(error.options.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(JSON.stringify(error)).not.toContain(apiKey);
  });

  it('reads a 200 cut short as a dropped connection and retries it, not as an unknown status', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 200, reset: 'after' }] } });
    const response = await api.post('chat/completions', { json: chatBody });
    expect(response.statusCode).toBe(200);
    expect(mock.requests).toHaveLength(2);
  });

  it('reads a 200 whose body is not JSON as invalid_response, not retried', async () => {
    const { mock, api } = await setup(fast, {
      script: { '*': [{ status: 200, body: '<html>portal</html>' }] },
    });
    const error = await rejection(api.post('chat/completions', { json: chatBody, responseType: 'json' }));
    expect(error.agnes).toMatchObject({
      reason: 'invalid_response',
      retryable: false,
      stop: 'not_retryable',
    });
    expect(mock.requests).toHaveLength(1);
  });

  it('reads an HTTP parser error (oversized response headers) as invalid_response, consistently not retried', async () => {
    const { mock, api } = await setup(fast, {
      script: { '*': [{ status: 200, headers: { 'x-huge': 'a'.repeat(40_000) }, body: '{}' }] },
    });
    const error = await rejection(api.post('chat/completions', { json: chatBody }));
    expect(error.agnes).toMatchObject({
      reason: 'invalid_response',
      retryable: false,
      stop: 'not_retryable',
    });
    expect(mock.requests).toHaveLength(1);
  });

  it('retries POST by Agnes rules although got skips POST by default', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 502 }, { status: 522 }] } });
    await api.post('chat/completions', { json: chatBody });
    expect(mock.requests).toHaveLength(3);
  });

  it('keeps one retry loop: got does not add attempts of its own', async () => {
    const { mock, api } = await setup(
      { ...fast, maxRetries: 1 },
      { script: { '*': Array(10).fill({ status: 503 }) } },
    );
    const error = await rejection(api.get('models'));
    expect(mock.requests).toHaveLength(2);
    expect(error).toBeInstanceOf(HTTPError);
    expect(error.agnes).toMatchObject({ attempts: 2, stop: 'max_retries' });
  });

  it('honours a Retry-After above got maxRetryAfter by clamping, not cancelling', async () => {
    const { mock, api } = await setup(
      { ...fast, maxRetryAfterMs: 300 },
      { script: { '*': [{ status: 429, retryAfter: 60 }] } },
    );
    await api.get('models');
    expect(mock.requests).toHaveLength(2);
    expect((mock.requests[1]?.time ?? 0) - (mock.requests[0]?.time ?? 0)).toBeGreaterThanOrEqual(280);
  });

  it('classifies got error codes: refused, DNS', async () => {
    const { mock, api } = await setup({ ...fast, maxRetries: 1, hosts: ['agnes-mock-host.invalid'] });
    await mock.close();
    const refused = await rejection(api.get('models'));
    const dns = await rejection(api.get('http://agnes-mock-host.invalid/v1/models', { prefixUrl: '' }));
    if (Number(gotMajor.split('.')[0]) >= 16) {
      expect(refused).toBeInstanceOf(RequestError);
      expect(refused.agnes).toMatchObject({ reason: 'connection_refused', attempts: 2 });
      expect(dns.agnes).toMatchObject({ reason: 'dns_failure', attempts: 2 });
    } else {
      // got 14 and 15 on Node 22+ let a retried connect failure escape their hooks as a plain Error
      // (ERR_SOCKET_CLOSED_BEFORE_CONNECTION) that no longer says why; it is still read as a network failure.
      for (const error of [refused, dns]) expect(getAgnesInfo(error)?.category).toBe('network');
    }
  });

  it("classifies got's timeouts and retries them", async () => {
    const { mock, api } = await setup(
      { ...fast, maxRetries: 1 },
      { script: { '*': [{ hang: true }, { hang: true }] } },
      { timeout: { request: 100 } },
    );
    const error = await rejection(api.get('models'));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(mock.requests).toHaveLength(2);
    expect(error.agnes.reason).toBe('client_timeout');
    expect(error.message).toMatch(/gave up waiting after 0.1 s/);
  });

  it('replays a chat POST after a reset but not a video task POST', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ reset: 'before' }] } });
    await api.post('chat/completions', { json: chatBody });
    expect(mock.requests).toHaveLength(2);
    mock.reset();
    mock.script('*', [{ reset: 'before' }]);
    const error = await rejection(api.post('videos', { json: { model: 'agnes-video-v2.0', prompt: 'sea' } }));
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes).toMatchObject({ reason: 'connection_reset', stop: 'not_replayable' });
  });

  it('reads the request JSON for diagnoses', async () => {
    const { api } = await setup(
      { ...fast, preflight: 'off' },
      { script: { '*': [{ status: 400, message: 'bad request' }] } },
    );
    const error = await rejection(
      api.post('chat/completions', { json: { ...chatBody, max_tokens: 100000 } }),
    );
    expect(error.agnes.reason).toBe('max_tokens_too_large');
  });

  it('keeps the response body readable on the error', async () => {
    // The server's answer is under test: preflight would refuse n: 2 before sending.
    const { api } = await setup(
      { ...fast, preflight: 'off' },
      { script: { '*': [{ status: 400, message: 'n 必须为 1' }] } },
    );
    const error = await rejection(api.post('chat/completions', { json: { ...chatBody, n: 2 } }));
    expect(error.agnes.reason).toBe('n_must_be_1');
    expect(JSON.parse(error.response.body).error.message).toMatch(/^n 必须为 1/);
  });

  it('throws AgnesError with the got error as cause when asked', async () => {
    const { api } = await setup({ ...fast, throwAgnesError: true }, { script: { '*': [{ status: 402 }] } });
    const error = await rejection(api.post('chat/completions', { json: chatBody }));
    expect(error).toBeInstanceOf(AgnesError);
    expect((error as unknown as AgnesError).cause).toBeInstanceOf(HTTPError);
  });

  it('leaves the user context alone and shares nothing between calls', async () => {
    const { mock, api } = await setup(
      fast,
      { script: { '*': [{ status: 503 }] } },
      { context: { tenant: 'a' } },
    );
    const seen: unknown[] = [];
    const withHook = api.extend({
      hooks: { beforeRequest: [(options) => void seen.push(options.context.tenant)] },
    });
    await Promise.all([withHook.get('models'), withHook.get('models')]);
    expect(seen).toEqual(['a', 'a', 'a']);
    expect(mock.requests).toHaveLength(3);
  });

  it('paces concurrent calls to rpm with zero 429s', async () => {
    const { mock, api } = await setup({ ...fast, rpm: 5, rpmWindowMs: 500 }, { rpm: 5, rpmWindowMs: 500 });
    await Promise.all(Array.from({ length: 12 }, () => api.get('models')));
    expect(mock.requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(mock.requests).toHaveLength(12);
  });
});
