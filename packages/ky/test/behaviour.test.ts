import { AgnesError } from '@agnes-errors/core';
import { HTTPError, TimeoutError } from 'ky';
import { describe, expect, it } from 'vitest';
import { apiKey, chatBody, fast, kyMajor, kyVersion, rejection, setup } from './helpers.ts';

describe(`ky ${kyVersion} behaviour`, () => {
  it('leaves a 200 untouched: a Response with its headers and body', async () => {
    const { api } = await setup(fast);
    const response = await api.get('models');
    expect(response).toBeInstanceOf(Response);
    expect(response.headers.get('content-type')).toMatch(/json/);
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(5);
  });

  it('keeps error.request usable while the error carries no key in JSON or inspect output', async () => {
    const { api } = await setup(fast, { script: { '*': [{ status: 401 }] } });
    const error = await rejection(api.post('chat/completions', { json: chatBody }));
    expect(error.request.headers.get('authorization')).toBe(`Bearer ${apiKey}`);
    expect(JSON.stringify(error)).not.toContain(apiKey);
  });

  it('retries POST by Agnes rules although ky skips POST by default', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 502 }, { status: 520 }] } });
    await api.post('chat/completions', { json: chatBody });
    expect(mock.requests).toHaveLength(3);
  });

  it("never retries a non-retryable status even when the user's statusCodes list it", async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 401 }, { status: 401 }] } });
    const error = await rejection(
      api.post('chat/completions', { json: chatBody, retry: { statusCodes: [401, 503] } }),
    );
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes.reason).toBe('invalid_api_key');
  });

  it('retries a status the user forces with alwaysRetryStatuses', async () => {
    const { mock, api } = await setup(
      { ...fast, alwaysRetryStatuses: [409] },
      { script: { '*': [{ status: 409 }] } },
    );
    await api.get('models');
    expect(mock.requests).toHaveLength(2);
  });

  it('keeps the error body readable for user code', async () => {
    // The server's answer is under test: preflight would refuse n: 2 before sending.
    const { api } = await setup(
      { ...fast, preflight: 'off' },
      { script: { '*': [{ status: 400, message: 'n 必须为 1' }] } },
    );
    const error = await rejection(api.post('chat/completions', { json: { ...chatBody, n: 2 } }));
    expect(error.agnes.reason).toBe('n_must_be_1');
    const body = kyMajor === 2 ? error.data : await error.response.json();
    expect(body.error.message).toMatch(/^n 必须为 1/);
  });

  it('reads the request body for diagnoses: max_tokens from the JSON sent', async () => {
    const { api } = await setup(
      { ...fast, preflight: 'off' },
      { script: { '*': [{ status: 400, message: 'bad request' }] } },
    );
    const error = await rejection(
      api.post('chat/completions', { json: { ...chatBody, max_tokens: 100000 } }),
    );
    expect(error.agnes.reason).toBe('max_tokens_too_large');
    expect(error.agnes.hints[0]?.details.maxTokens).toBe(100000);
  });

  it('classifies a refused connection and retries it', async () => {
    const { mock, api } = await setup({ ...fast, maxRetries: 1 });
    await mock.close();
    const error = await rejection(api.get('models'));
    expect(error.agnes).toMatchObject({ reason: 'connection_refused', attempts: 2 });
    expect(error.message).toMatch(/^Agnes API request failed: the connection to 127.0.0.1 was refused/);
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

  it("classifies ky's per-attempt timeout and retries it", async () => {
    const { mock, api } = await setup(
      { ...fast, maxRetries: 1 },
      { script: { '*': [{ hang: true }, { hang: true }] } },
      { timeout: 100 },
    );
    const error = await rejection(api.get('models'));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(mock.requests).toHaveLength(2);
    expect(error.agnes.reason).toBe('client_timeout');
  });

  it('throws AgnesError with the HTTPError as cause when asked', async () => {
    const { api } = await setup({ ...fast, throwAgnesError: true }, { script: { '*': [{ status: 402 }] } });
    const error = await rejection(api.post('chat/completions', { json: chatBody }));
    expect(error).toBeInstanceOf(AgnesError);
    expect((error as unknown as AgnesError).cause).toBeInstanceOf(HTTPError);
  });

  it('keeps the user hooks working, and extend() keeps one retry loop', async () => {
    const seen: number[] = [];
    const { mock, api } = await setup(
      { ...fast, maxRetries: 2 },
      { script: { '*': Array(5).fill({ status: 503 }) } },
    );
    const extended = api.extend({
      hooks: {
        beforeRetry: [
          (...args: unknown[]) => {
            const state = (args[0] as { retryCount: number }).retryCount;
            seen.push(state);
          },
        ],
      },
    } as never);
    await rejection(extended.get('models'));
    expect(mock.requests).toHaveLength(3);
    expect(seen).toEqual([1, 2]);
  });

  it('paces concurrent calls to rpm with zero 429s', async () => {
    const { mock, api } = await setup({ ...fast, rpm: 5, rpmWindowMs: 500 }, { rpm: 5, rpmWindowMs: 500 });
    await Promise.all(Array.from({ length: 12 }, () => api.get('models')));
    expect(mock.requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(mock.requests).toHaveLength(12);
  });

  it('reports a connection dropped mid-stream as a stream interruption, never replayed', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ resetAfterChunks: 2 }] } });
    const response = await api.post('chat/completions', { json: { ...chatBody, stream: true } });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    const error = await (async () => {
      for (;;) {
        const { done } = await reader.read();
        if (done) return undefined;
        chunks += 1;
      }
    })().catch((caught: unknown) => caught as Error & { agnes?: { reason: string; retryable: boolean } });
    expect(chunks).toBeGreaterThan(0);
    expect(error?.agnes).toMatchObject({ reason: 'stream_interrupted', retryable: false });
    expect(mock.requests).toHaveLength(1);
  });
});
