import { inspect } from 'node:util';
import { AgnesError, getAgnesInfo, isAgnesError } from '@agnes-errors/ai-sdk';
import { zh } from '@agnes-errors/core/zh';
import { APICallError, generateObject, generateText, RetryError, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatCompletionStep } from '../../../tooling/vitest/helpers.ts';
import { apiKey, drain, fast, generateImage, rejection, setup } from './helpers.ts';

const model = 'agnes-2.5-flash';
const prompt = 'hi';
const storm = (status: number, extra: Record<string, unknown> = {}) => ({
  script: { '*': Array(30).fill({ status, ...extra }) },
});

describe('no stacking: exactly maxRetries + 1 attempts, whatever the AI SDK maxRetries', () => {
  for (const sdkRetries of [undefined, 0, 5]) {
    it(`a 503 storm with the AI SDK maxRetries ${sdkRetries ?? 'default (2)'}: 4 attempts, an APICallError`, async () => {
      const { mock, agnes } = await setup(fast, storm(503));
      const error = await rejection(
        generateText({
          model: agnes(model),
          prompt,
          ...(sdkRetries !== undefined && { maxRetries: sdkRetries }),
        }),
      );
      expect(mock.requests).toHaveLength(4);
      expect(APICallError.isInstance(error)).toBe(true);
      expect(RetryError.isInstance(error)).toBe(false);
      expect(error.statusCode).toBe(503);
      expect(error.isRetryable).toBe(false);
      expect(error.agnes).toMatchObject({ status: 503, attempts: 4, stop: 'max_retries' });
      expect(getAgnesInfo(error)?.reason).toBe(error.agnes.reason);
      expect(error.message).toMatch(/^Agnes API 503 .*Gave up after 4 attempts/s);
    });
  }

  it('a 429 storm: maxRetries + 1 attempts, paused between them, then a rate_limited APICallError', async () => {
    const { mock, agnes } = await setup({ ...fast, maxRetries: 2, rpmWindowMs: 60 }, storm(429));
    const error = await rejection(generateText({ model: agnes(model), prompt }));
    expect(mock.requests).toHaveLength(3);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.agnes).toMatchObject({ status: 429, reason: 'rate_limited', attempts: 3 });
  });

  it('a connection reset on every attempt: maxRetries + 1 attempts, an APICallError with the network diagnosis', async () => {
    const { mock, agnes } = await setup({ ...fast, maxRetries: 2 }, storm(500, { reset: 'before' }));
    const error = await rejection(generateText({ model: agnes(model), prompt, maxRetries: 4 }));
    expect(mock.requests).toHaveLength(3);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.agnes).toMatchObject({ status: undefined, attempts: 3, stop: 'max_retries' });
    expect(error.agnes.category).toBe('network');
  });

  it('a refused connection with throwAgnesError: maxRetries + 1 attempts, one AgnesError', async () => {
    const { mock, agnes } = await setup({ ...fast, maxRetries: 2, throwAgnesError: true });
    const closed = mock.baseURL;
    await mock.close();
    const { createAgnes } = await import('@agnes-errors/ai-sdk');
    const attempts: number[] = [];
    const refused = createAgnes({
      ...fast,
      baseURL: closed,
      apiKey,
      maxRetries: 2,
      throwAgnesError: true,
      onGiveUp: (event) => attempts.push(event.attempts),
    });
    const error = await rejection(generateText({ model: refused(model), prompt }));
    expect(isAgnesError(error)).toBe(true);
    expect(error.agnes).toMatchObject({ reason: 'connection_refused', attempts: 3 });
    expect(attempts).toEqual([3]);
    expect(agnes).toBeDefined();
  });

  it('an attempt that times out (a fetch with a per-request timeout): maxRetries + 1 attempts', async () => {
    const timedFetch: typeof fetch = (input, init) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(100) });
    const { mock, agnes } = await setup(
      { ...fast, maxRetries: 2, fetch: timedFetch },
      storm(200, { hang: true }),
    );
    const error = await rejection(generateText({ model: agnes(model), prompt }));
    expect(mock.requests).toHaveLength(3);
    expect(error.agnes).toMatchObject({ reason: 'client_timeout', attempts: 3 });
  });
});

describe('the error the caller catches', () => {
  it('a 401: one attempt, an APICallError with the Agnes message, the key nowhere', async () => {
    const { mock, agnes } = await setup(fast, storm(401));
    const error = await rejection(generateText({ model: agnes(model), prompt }));
    expect(mock.requests).toHaveLength(1);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.agnes.reason).toBe('invalid_api_key');
    expect(error.message).toMatch(/^Agnes API 401 Unauthorized: the server rejected the API key/);
    for (const output of [error.message, JSON.stringify(error), inspect(error, { depth: 6 }), error.stack])
      expect(output).not.toContain(apiKey);
  });

  it('maxOutputTokens 100000 is refused before sending, once, with the diagnosis and the limit', async () => {
    const { mock, agnes } = await setup(fast);
    const started = Date.now();
    const error = await rejection(generateText({ model: agnes(model), prompt, maxOutputTokens: 100_000 }));
    expect(mock.requests).toHaveLength(0);
    // fetch's error for a request that never left: the AI SDK passes it on, and does not retry it.
    expect(error).toBeInstanceOf(TypeError);
    expect(error.agnes).toMatchObject({ reason: 'max_tokens_too_large', stop: 'preflight', attempts: 0 });
    expect(error.message).toMatch(
      /^Agnes API request not sent: max_tokens = 100000 is above the limit of 65536/,
    );
    // Not retried by the AI SDK either (its retries would wait seconds for the same refusal).
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a 400 for maxOutputTokens 100000: one attempt and the diagnosis with the limit', async () => {
    const { mock, agnes } = await setup({ ...fast, preflight: 'off' });
    const error = await rejection(generateText({ model: agnes(model), prompt, maxOutputTokens: 100_000 }));
    expect(mock.requests).toHaveLength(1);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.agnes.reason).toBe('max_tokens_too_large');
    expect(error.message).toContain('100000');
    expect(error.message).toContain('65536');
  });

  it('throwAgnesError: an AgnesError whose cause is the AI SDK error', async () => {
    const { mock, agnes } = await setup({ ...fast, throwAgnesError: true }, storm(402));
    const error = await rejection(generateText({ model: agnes(model), prompt }));
    expect(mock.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(AgnesError);
    expect(APICallError.isInstance(error.cause)).toBe(true);
    expect(error.agnes.reason).toBe('insufficient_quota');
  });

  it('the locale bundle writes the message in Chinese', async () => {
    const { agnes } = await setup({ ...fast, locale: zh }, storm(401));
    const error = await rejection(generateText({ model: agnes(model), prompt }));
    expect(error.message).toMatch(/^Agnes API 401 未授权：/);
  });

  it('the call tag never reaches the server', async () => {
    const { mock, agnes } = await setup(fast, { script: { '*': [{ status: 503 }] } });
    await generateText({ model: agnes(model), prompt });
    expect(mock.requests).toHaveLength(2);
    for (const request of mock.requests) {
      expect(request.headers['x-agnes-call']).toBeUndefined();
      // The key is sent (the mock records it redacted).
      expect(request.headers.authorization).toMatch(/^Bearer sk-/);
    }
  });

  it('no key and no AGNES_API_KEY: a TypeError naming it at the call, no request', async () => {
    const { mock } = await setup();
    const { createAgnes } = await import('@agnes-errors/ai-sdk');
    const agnes = createAgnes({ baseURL: mock.baseURL });
    const error = await rejection(generateText({ model: agnes(model), prompt }));
    expect(error.message).toContain('AGNES_API_KEY');
    expect(mock.requests).toHaveLength(0);
  });

  it('a bad option is a TypeError at configuration, naming it', async () => {
    const { createAgnes } = await import('@agnes-errors/ai-sdk');
    expect(() => createAgnes({ maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => createAgnes({ baseURL: 42 as never })).toThrow(/baseURL/);
  });
});

describe('streaming', () => {
  it('an error before the first chunk is retried like generateText', async () => {
    const { mock, agnes } = await setup(fast, { script: { '*': [{ status: 503 }, { status: 502 }] } });
    const result = streamText({ model: agnes(model), prompt, onError: () => {} });
    expect(await result.text).toBe('Hello from the Agnes mock server.');
    expect(mock.requests).toHaveLength(3);
  });

  it('an error event after two chunks: never replayed, an error part with stream_error', async () => {
    const { mock, agnes } = await setup(fast, { script: { '*': [{ sseErrorAfter: 2 }] } });
    const result = streamText({ model: agnes(model), prompt, onError: () => {} });
    const { parts, thrown } = await drain(result.fullStream);
    const failure = (parts.find((part) => part.type === 'error')?.error ?? thrown) as AgnesError;
    expect(mock.requests).toHaveLength(1);
    expect(failure.agnes).toMatchObject({ reason: 'stream_error', retryable: false });
    expect(failure.message).toMatch(/stream failed after it had started/);
    expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(0);
  });

  it('a connection dropped after two chunks: never replayed, stream_interrupted', async () => {
    const { mock, agnes } = await setup(fast, { script: { '*': [{ resetAfterChunks: 2 }] } });
    const result = streamText({ model: agnes(model), prompt, onError: () => {} });
    const { parts, thrown } = await drain(result.fullStream);
    const failure = (parts.find((part) => part.type === 'error')?.error ?? thrown) as Error;
    expect(mock.requests).toHaveLength(1);
    expect(getAgnesInfo(failure)).toMatchObject({ reason: 'stream_interrupted', retryable: false });
    expect(failure.message).toMatch(/connection dropped after the stream had started/);
  });

  it('a 401 before the stream: the error part is the decorated APICallError', async () => {
    const { agnes } = await setup(fast, storm(401));
    const result = streamText({ model: agnes(model), prompt, onError: () => {} });
    const { parts, thrown } = await drain(result.fullStream);
    const failure = (parts.find((part) => part.type === 'error')?.error ?? thrown) as Error;
    expect(APICallError.isInstance(failure)).toBe(true);
    expect(getAgnesInfo(failure)?.reason).toBe('invalid_api_key');
  });
});

describe('pacing', () => {
  it('rpm: parallel generateText calls get no 429', async () => {
    const { mock, agnes } = await setup({ ...fast, rpm: 3, rpmWindowMs: 300 }, { rpm: 3, rpmWindowMs: 300 });
    await Promise.all(Array.from({ length: 7 }, () => generateText({ model: agnes(model), prompt })));
    expect(mock.requests).toHaveLength(7);
    expect(mock.requests.filter((request) => request.status === 429)).toHaveLength(0);
  });
});

describe('the AI SDK features go through the same loop', () => {
  it('generateObject reads the JSON answer after a retried 503', async () => {
    const answer = chatCompletionStep({ content: '{"city":"Paris"}' });
    const { mock, agnes } = await setup(fast, { script: { '*': [{ status: 503 }, answer] } });
    const { object } = await generateObject({
      model: agnes(model),
      prompt,
      schema: z.object({ city: z.string() }),
    });
    expect(object).toEqual({ city: 'Paris' });
    expect(mock.requests).toHaveLength(2);
  });

  it('a tool call is read and the tool runs', async () => {
    const call = chatCompletionStep(
      {
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
        ],
      },
      'tool_calls',
    );
    const { agnes } = await setup(fast, { script: { '*': [call] } });
    const cities: string[] = [];
    const weather = tool({
      description: 'The weather in a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }: { city: string }) => {
        cities.push(city);
        return 'sunny';
      },
    } as never);
    const result = await generateText({ model: agnes(model), prompt, tools: { weather } });
    expect(cities).toEqual(['Paris']);
    expect(result.toolCalls).toHaveLength(1);
  });

  it('generateImage gets the image through the provider', async () => {
    // ai 7 asks for no response format and downloads a URL; an answer with the bytes suits every major.
    const image = {
      created: 1,
      data: [
        {
          b64_json:
            'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        },
      ],
    };
    const { mock, agnes } = await setup(fast, {
      script: { '*': [{ status: 503 }, { status: 200, body: image }] },
    });
    const result = await generateImage({
      model: agnes.imageModel('agnes-image-2.1-flash'),
      prompt: 'fox',
      size: '1024x1024',
    });
    expect((result.images as unknown[]).length).toBe(1);
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[0]?.body).toMatchObject({ model: 'agnes-image-2.1-flash', size: '1024x1024' });
  });

  it('fallbackModels: an unknown model moves on to the next one', async () => {
    const moves: string[] = [];
    const { mock, agnes } = await setup(
      {
        ...fast,
        fallbackModels: ['agnes-2.0-flash'],
        onFallback: ({ from, to }) => moves.push(`${from}>${to}`),
      },
      { unknownModelStatus: 404 },
    );
    const { text } = await generateText({ model: agnes('agnes-9-unknown'), prompt });
    expect(text).toBe('Hello from the Agnes mock server.');
    expect(moves).toEqual(['agnes-9-unknown>agnes-2.0-flash']);
    expect(mock.requests.map((request) => (request.body as { model: string }).model)).toEqual([
      'agnes-9-unknown',
      'agnes-2.0-flash',
    ]);
  });
});
