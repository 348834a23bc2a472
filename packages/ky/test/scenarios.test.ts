import '@agnes-errors/core/zh';
import { inspect } from 'node:util';
import { HTTPError } from 'ky';
import { describe, expect, it } from 'vitest';
import { apiKey, chatBody, fast, kyMajor, kyVersion, rejection, setup } from './helpers.ts';

describe(`adapter scenarios (ky ${kyVersion})`, () => {
  it('1. recovers from 503, 503 and resolves with the 200 body after 3 attempts', async () => {
    const { mock, api } = await setup(fast, {
      script: { 'POST /v1/chat/completions': [{ status: 503 }, { status: 503 }] },
    });
    const body = await api.post('chat/completions', { json: chatBody }).json<{ object: string }>();
    expect(body.object).toBe('chat.completion');
    expect(mock.requests).toHaveLength(3);
    expect(mock.requests.map((request) => request.body)).toEqual([chatBody, chatBody, chatBody]);
  });

  it('2. a 401 keeps HTTPError, attaches agnes, names the cause, and hides the key', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 401, message: 'Invalid token' }] } });
    const error = await rejection(api.post('chat/completions', { json: chatBody }));
    expect(mock.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(HTTPError);
    expect(error.response.status).toBe(401);
    expect(error.agnes.status).toBe(401);
    expect(error.agnes.retryable).toBe(false);
    expect(error.message).toMatch(/^Agnes API 401 Unauthorized: the server rejected the API key/);
    expect(error.agnes.providerMessage).toBe('Invalid token');
  });

  it('3. no Authorization header at all: missing_authorization', async () => {
    const { api } = await setup(fast);
    const error = await rejection(
      api.post('chat/completions', { json: chatBody, headers: { authorization: undefined } }),
    );
    expect(error.agnes.reason).toBe('missing_authorization');
  });

  it('4. a 402 is final: one attempt and a message to top up', async () => {
    const { mock, api } = await setup({ ...fast, maxRetries: 5 }, { script: { '*': [{ status: 402 }] } });
    const error = await rejection(api.post('chat/completions', { json: chatBody }));
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes.reason).toBe('insufficient_quota');
    expect(error.message).toMatch(/top up/);
  });

  it('5. a 429 with Retry-After: 1 is retried at least ~1 s later', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 429, retryAfter: 1 }] } });
    await api.post('chat/completions', { json: chatBody });
    expect(mock.requests).toHaveLength(2);
    expect((mock.requests[1]?.time ?? 0) - (mock.requests[0]?.time ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('6. a 429 without Retry-After waits for the window, and concurrent calls of the client wait too', async () => {
    const { mock, api } = await setup({ ...fast, rpmWindowMs: 500 }, { rpm: 2, rpmWindowMs: 500 });
    await Promise.all(Array.from({ length: 5 }, () => api.post('chat/completions', { json: chatBody })));
    const firstLimited = mock.requests.find((request) => request.status === 429);
    expect(firstLimited).toBeDefined();
    expect(mock.requests.length).toBeGreaterThan(5);
    for (const request of mock.requests.slice(5))
      expect(request.time - (firstLimited?.time ?? 0)).toBeGreaterThanOrEqual(480);
  });

  it('7. a 500 about image size is not retried', async () => {
    const { mock, api } = await setup(fast);
    const error = await rejection(
      api.post('images/generations', {
        json: { model: 'agnes-image-2.1-flash', prompt: 'fox', size: '1000x1000' },
      }),
    );
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes.reason).toBe('image_size_not_multiple_of_16');
  });

  it('8. a base URL ending in /v1/v1: duplicated_v1', async () => {
    const { mock, api } = await setup(fast);
    const error = await rejection(
      api.post(`${mock.baseURL}/v1/chat/completions`, {
        json: chatBody,
        ...(kyMajor === 2 ? { prefix: '' } : { prefixUrl: '' }),
      }),
    );
    expect(error.agnes.reason).toBe('duplicated_v1');
    expect(error.message).toMatch(/repeats \/v1/);
  });

  it('9. a task-creating POST /v1/videos is not replayed after a 504', async () => {
    const { mock, api } = await setup(fast, { script: { 'POST /v1/videos': [{ status: 504 }] } });
    const error = await rejection(
      api.post('videos', { json: { model: 'agnes-video-v2.0', prompt: 'waves' } }),
    );
    expect(mock.requests).toHaveLength(1);
    expect(error.message).toMatch(/check the task status/);
  });

  it('10. 503 forever with maxRetries: 2 makes exactly 3 attempts and says so', async () => {
    const { mock, api } = await setup(
      { ...fast, maxRetries: 2 },
      { script: { '*': Array(10).fill({ status: 503 }) } },
    );
    const error = await rejection(api.post('chat/completions', { json: chatBody }));
    expect(mock.requests).toHaveLength(3);
    expect(error.message).toMatch(/Gave up after 3 attempts/);
  });

  it("11. an abort during the backoff wait rejects at once with ky's abort error, no further attempt", async () => {
    const controller = new AbortController();
    const { mock, api } = await setup(
      {
        baseDelayMs: 5000,
        maxDelayMs: 5000,
        random: () => 1,
        onRetry: () => setTimeout(() => controller.abort(), 20),
      },
      { script: { '*': [{ status: 503 }] } },
    );
    const started = Date.now();
    const error = await rejection(
      api.post('chat/completions', { json: chatBody, signal: controller.signal }),
    );
    expect(error.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mock.requests).toHaveLength(1);
  });

  it('12. locale zh writes the message in Chinese', async () => {
    const { api } = await setup({ ...fast, locale: 'zh' }, { script: { '*': [{ status: 401 }] } });
    const error = await rejection(api.post('chat/completions', { json: chatBody }));
    expect(error.message).toMatch(/^Agnes API 401 未授权：/);
  });

  it('13. a 200 is untouched', async () => {
    const { api, mock } = await setup(fast);
    const response = await api.get('models');
    expect(response).toBeInstanceOf(Response);
    expect(response.headers.get('content-type')).toMatch(/json/);
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(5);
    expect(mock.requests).toHaveLength(1);
  });

  it('14. JSON.stringify, String and util.inspect of the 401 error never contain the key', async () => {
    const { api } = await setup(fast, { script: { '*': [{ status: 401 }] } });
    const error = await rejection(api.post('chat/completions', { json: chatBody }));
    for (const output of [
      JSON.stringify(error),
      String(error),
      inspect(error, { depth: 8 }),
      error.message,
    ]) {
      expect(output).not.toContain(apiKey);
    }
    expect(error.request.headers.get('authorization')).toBe(`Bearer ${apiKey}`);
  });
});
