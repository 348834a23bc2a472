import '@agnes-errors/core/zh';
import { inspect } from 'node:util';
import axios from 'axios';
import { describe, expect, it } from 'vitest';
import { apiKey, chatBody, fast, rejection, setup } from './helpers.ts';

describe(`adapter scenarios (axios ${axios.VERSION})`, () => {
  it('1. recovers from 503, 503 and resolves with the 200 body after 3 attempts', async () => {
    const { mock, api } = await setup(fast, {
      script: { 'POST /v1/chat/completions': [{ status: 503 }, { status: 503 }] },
    });
    const response = await api.post('/chat/completions', chatBody);
    expect(response.status).toBe(200);
    expect(response.data.object).toBe('chat.completion');
    expect(mock.requests).toHaveLength(3);
  });

  it('2. a 401 keeps the AxiosError, attaches agnes, names the cause, and hides the key', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 401, message: 'Invalid token' }] } });
    const error = await rejection(api.post('/chat/completions', chatBody));
    expect(mock.requests).toHaveLength(1);
    expect(axios.isAxiosError(error)).toBe(true);
    expect(error.response?.status).toBe(401);
    expect(error.agnes?.status).toBe(401);
    expect(error.agnes?.retryable).toBe(false);
    expect(error.message).toMatch(/^Agnes API 401 Unauthorized: the server rejected the API key/);
    expect(error.message).not.toContain(apiKey);
  });

  it('3. no Authorization header at all: missing_authorization', async () => {
    const { api } = await setup(fast, {}, { headers: {} });
    const error = await rejection(api.post('/chat/completions', chatBody));
    expect(error.agnes?.reason).toBe('missing_authorization');
  });

  it('4. a 402 is final: one attempt and a message to top up', async () => {
    const { mock, api } = await setup({ ...fast, maxRetries: 5 }, { script: { '*': [{ status: 402 }] } });
    const error = await rejection(api.post('/chat/completions', chatBody));
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes?.reason).toBe('insufficient_quota');
    expect(error.message).toMatch(/top up/);
  });

  it('5. a 429 with Retry-After: 1 is retried at least ~1 s later', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 429, retryAfter: 1 }] } });
    const response = await api.post('/chat/completions', chatBody);
    expect(response.status).toBe(200);
    expect(mock.requests).toHaveLength(2);
    expect((mock.requests[1]?.time ?? 0) - (mock.requests[0]?.time ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('6. a 429 without Retry-After waits for the window, and concurrent calls of the client wait too', async () => {
    const { mock, api } = await setup({ ...fast, rpmWindowMs: 500 }, { rpm: 2, rpmWindowMs: 500 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.post('/chat/completions', chatBody).then((response) => response.status),
      ),
    );
    expect(results).toEqual([200, 200, 200, 200, 200]);
    const firstLimited = mock.requests.find((request) => request.status === 429);
    expect(firstLimited).toBeDefined();
    // Every request after the first burst of 5 waited for the window, the retries and the others alike.
    expect(mock.requests.length).toBeGreaterThan(5);
    for (const request of mock.requests.slice(5))
      expect(request.time - (firstLimited?.time ?? 0)).toBeGreaterThanOrEqual(480);
  });

  it('7. a 500 about image size is not retried', async () => {
    const { mock, api } = await setup(fast);
    const error = await rejection(
      api.post('/images/generations', { model: 'agnes-image-2.1-flash', prompt: 'fox', size: '1000x1000' }),
    );
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes?.reason).toBe('image_size_not_multiple_of_16');
  });

  it('8. a base URL ending in /v1/v1: duplicated_v1', async () => {
    const { mock, api } = await setup(fast);
    api.defaults.baseURL = `${mock.baseURL}/v1`;
    const error = await rejection(api.post('/chat/completions', chatBody));
    expect(error.agnes?.reason).toBe('duplicated_v1');
    expect(error.message).toMatch(/repeats \/v1/);
  });

  it('9. a task-creating POST /v1/videos is not replayed after a 504', async () => {
    const { mock, api } = await setup(fast, { script: { 'POST /v1/videos': [{ status: 504 }] } });
    const error = await rejection(api.post('/videos', { model: 'agnes-video-v2.0', prompt: 'waves' }));
    expect(mock.requests).toHaveLength(1);
    expect(error.message).toMatch(/check the task status/);
  });

  it('10. 503 forever with maxRetries: 2 makes exactly 3 attempts and says so', async () => {
    const { mock, api } = await setup(
      { ...fast, maxRetries: 2 },
      { script: { '*': Array(10).fill({ status: 503 }) } },
    );
    const error = await rejection(api.post('/chat/completions', chatBody));
    expect(mock.requests).toHaveLength(3);
    expect(error.message).toMatch(/Gave up after 3 attempts/);
    expect(error.agnes?.attempts).toBe(3);
  });

  it('11. an abort during the backoff wait rejects at once with axios cancel error, no further attempt', async () => {
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
    const error = await rejection(api.post('/chat/completions', chatBody, { signal: controller.signal }));
    expect(axios.isCancel(error)).toBe(true);
    expect(error.code).toBe('ERR_CANCELED');
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mock.requests).toHaveLength(1);
  });

  it('12. locale zh writes the message in Chinese', async () => {
    const { api } = await setup({ ...fast, locale: 'zh' }, { script: { '*': [{ status: 401 }] } });
    const error = await rejection(api.post('/chat/completions', chatBody));
    expect(error.message).toMatch(/^Agnes API 401 未授权：/);
  });

  it('13. a 200 is untouched: same body, same type', async () => {
    const { api } = await setup(fast);
    const plain = axios.create({
      baseURL: api.defaults.baseURL ?? '',
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    const [ours, theirs] = await Promise.all([api.get('/models'), plain.get('/models')]);
    expect(ours.data).toEqual(theirs.data);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    expect(ours.headers['content-type']).toBe(theirs.headers['content-type']);
  });

  it('14. JSON.stringify, String and util.inspect of the 401 error never contain the key', async () => {
    const { api } = await setup(fast, { script: { '*': [{ status: 401 }] } });
    const error = await rejection(api.post('/chat/completions', chatBody));
    for (const output of [
      JSON.stringify(error),
      String(error),
      inspect(error, { depth: 8 }),
      error.message,
    ]) {
      expect(output).not.toContain(apiKey);
    }
    // Existing code that reads the config keeps working.
    expect(String(error.config?.headers?.Authorization)).toBe(`Bearer ${apiKey}`);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      status: 401,
      agnes: { reason: 'invalid_api_key' },
    });
  });
});
