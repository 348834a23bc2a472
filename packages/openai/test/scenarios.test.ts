import '@agnes-errors/core/zh';
import { inspect } from 'node:util';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { apiKey, chatRequest, fast, openaiVersion, rejection, setup } from './helpers.ts';

describe(`adapter scenarios (openai ${openaiVersion})`, () => {
  it('1. recovers from 503, 503 and resolves with the 200 body after 3 attempts', async () => {
    const { mock, client } = await setup(fast, {
      script: { 'POST /v1/chat/completions': [{ status: 503 }, { status: 503 }] },
    });
    const completion = await client.chat.completions.create(chatRequest);
    expect(completion.object).toBe('chat.completion');
    expect(mock.requests).toHaveLength(3);
  });

  it('2. a 401 stays AuthenticationError, gains agnes, names the cause, hides the key', async () => {
    const { mock, client } = await setup(fast, {
      script: { '*': [{ status: 401, message: 'Invalid token' }] },
    });
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(mock.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.agnes.status).toBe(401);
    expect(error.agnes.retryable).toBe(false);
    expect(error.message).toMatch(/^Agnes API 401 Unauthorized: the server rejected the API key/);
  });

  it('3. no Authorization header at all: missing_authorization', async () => {
    // The SDK always adds one; a null default header takes it out again.
    const { client, mock } = await setup(fast, {}, { defaultHeaders: { Authorization: null } });
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(mock.requests[0]?.headers.authorization).toBeUndefined();
    expect(error.agnes.reason).toBe('missing_authorization');
  });

  it('4. a 402 is final: one attempt, a plain APIError with the top-up message', async () => {
    const { mock, client } = await setup({ ...fast, maxRetries: 5 }, { script: { '*': [{ status: 402 }] } });
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(mock.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.agnes.reason).toBe('insufficient_quota');
    expect(error.message).toMatch(/top up/);
  });

  it('5. a 429 with Retry-After: 1 is retried at least ~1 s later', async () => {
    const { mock, client } = await setup(fast, { script: { '*': [{ status: 429, retryAfter: 1 }] } });
    await client.chat.completions.create(chatRequest);
    expect(mock.requests).toHaveLength(2);
    expect((mock.requests[1]?.time ?? 0) - (mock.requests[0]?.time ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('6. a 429 without Retry-After waits for the window, and concurrent calls of the client wait too', async () => {
    const { mock, client } = await setup({ ...fast, rpmWindowMs: 500 }, { rpm: 2, rpmWindowMs: 500 });
    await Promise.all(Array.from({ length: 5 }, () => client.chat.completions.create(chatRequest)));
    const firstLimited = mock.requests.find((request) => request.status === 429);
    expect(firstLimited).toBeDefined();
    expect(mock.requests.length).toBeGreaterThan(5);
    for (const request of mock.requests.slice(5))
      expect(request.time - (firstLimited?.time ?? 0)).toBeGreaterThanOrEqual(480);
  });

  it('7. a 500 about image size is not retried (images.generate)', async () => {
    const { mock, client } = await setup(fast);
    const error = await rejection(
      client.images.generate({
        model: 'agnes-image-2.1-flash',
        prompt: 'fox',
        size: '1000x1000' as '1024x1024',
      }),
    );
    expect(mock.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.agnes.reason).toBe('image_size_not_multiple_of_16');
  });

  it('8. a base URL ending in /v1/v1: duplicated_v1', async () => {
    const { mock } = await setup(fast);
    const { client } = await setup(fast, {}, { baseURL: `${mock.baseURL}/v1` });
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.agnes.reason).toBe('duplicated_v1');
    expect(error.message).toMatch(/repeats \/v1/);
  });

  it('9. a task-creating POST /videos is not replayed after a 504 (raw client.post)', async () => {
    const { mock, client } = await setup(fast, { script: { 'POST /v1/videos': [{ status: 504 }] } });
    const error = await rejection(
      client.post('/videos', { body: { model: 'agnes-video-v2.0', prompt: 'waves' } }),
    );
    expect(mock.requests).toHaveLength(1);
    expect(error.message).toMatch(/check the task status/);
  });

  it('10. 503 forever with maxRetries: 2 makes exactly 3 attempts and says so', async () => {
    const { mock, client } = await setup(
      { ...fast, maxRetries: 2 },
      { script: { '*': Array(10).fill({ status: 503 }) } },
    );
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(mock.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.message).toMatch(/Gave up after 3 attempts/);
  });

  it("11. an abort during the backoff wait rejects at once with the SDK's abort error, no further attempt", async () => {
    const controller = new AbortController();
    const { mock, client } = await setup(
      {
        baseDelayMs: 5000,
        maxDelayMs: 5000,
        random: () => 1,
        onRetry: () => setTimeout(() => controller.abort(), 20),
      },
      { script: { '*': [{ status: 503 }] } },
    );
    const started = Date.now();
    const error = await rejection(client.chat.completions.create(chatRequest, { signal: controller.signal }));
    expect(error).toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mock.requests).toHaveLength(1);
  });

  it('12. locale zh writes the message in Chinese', async () => {
    const { client } = await setup({ ...fast, locale: 'zh' }, { script: { '*': [{ status: 401 }] } });
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(error.message).toMatch(/^Agnes API 401 未授权：/);
  });

  it('13. a 200 is untouched', async () => {
    const { client, mock } = await setup(fast);
    const models = await client.models.list();
    expect(models.data.length).toBeGreaterThan(5);
    expect(mock.requests).toHaveLength(1);
  });

  it('14. JSON.stringify, String and util.inspect of the 401 error never contain the key', async () => {
    const { client } = await setup(fast, { script: { '*': [{ status: 401 }] } });
    const error = await rejection(client.chat.completions.create(chatRequest));
    for (const output of [
      JSON.stringify(error),
      String(error),
      inspect(error, { depth: 8 }),
      error.message,
    ]) {
      expect(output).not.toContain(apiKey);
    }
  });
});
