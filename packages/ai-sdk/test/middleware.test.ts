import { agnesMiddleware } from '@agnes-errors/ai-sdk';
import type { AgnesOptions } from '@agnes-errors/core';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, RetryError, streamText, wrapLanguageModel } from 'ai';
import { describe, expect, it } from 'vitest';
import { mockServers } from '../../../tooling/vitest/helpers.ts';
import { apiKey, drain, fast, rejection } from './helpers.ts';

const startMock = mockServers();
const prompt = 'hi';

async function setup(
  options: AgnesOptions = fast,
  server: Parameters<typeof startMock>[0] = {},
  suffix = '',
) {
  const mock = await startMock(server);
  const provider = createOpenAICompatible({ name: 'mine', baseURL: `${mock.baseURL}${suffix}`, apiKey });
  const model = wrapLanguageModel({
    model: provider('agnes-2.5-flash') as never,
    middleware: agnesMiddleware(options) as never,
  });
  return { mock, model };
}

describe('agnesMiddleware', () => {
  it('a 503 storm: maxRetries + 1 attempts, whatever the AI SDK maxRetries, an APICallError with agnes', async () => {
    const { mock, model } = await setup(
      { ...fast, maxRetries: 2 },
      { script: { '*': Array(20).fill({ status: 503 }) } },
    );
    const error = await rejection(generateText({ model, prompt, maxRetries: 5 }));
    expect(mock.requests).toHaveLength(3);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(RetryError.isInstance(error)).toBe(false);
    expect(error.isRetryable).toBe(false);
    expect(error.agnes).toMatchObject({ status: 503, attempts: 3, stop: 'max_retries' });
    expect(error.message).toMatch(/^Agnes API 503 .*Gave up after 3 attempts/s);
  });

  it('recovers from two 503s', async () => {
    const { mock, model } = await setup(fast, { script: { '*': [{ status: 503 }, { status: 503 }] } });
    const { text } = await generateText({ model, prompt });
    expect(text).toBe('Hello from the Agnes mock server.');
    expect(mock.requests).toHaveLength(3);
  });

  it('a 402 is final: one attempt', async () => {
    const { mock, model } = await setup(fast, { script: { '*': [{ status: 402 }] } });
    const error = await rejection(generateText({ model, prompt }));
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes.reason).toBe('insufficient_quota');
  });

  it('a base URL ending in /v1/v1 is found from the URL', async () => {
    const { model } = await setup(fast, {}, '/v1');
    const error = await rejection(generateText({ model, prompt }));
    expect(error.agnes.reason).toBe('duplicated_v1');
  });

  it('per-call options through providerOptions.agnes', async () => {
    const { mock, model } = await setup(fast, { script: { '*': Array(20).fill({ status: 503 }) } });
    await rejection(generateText({ model, prompt, providerOptions: { agnes: { maxRetries: 1 } } }));
    expect(mock.requests).toHaveLength(2);
  });

  it('rpm: parallel calls get no 429', async () => {
    const { mock, model } = await setup({ ...fast, rpm: 3, rpmWindowMs: 300 }, { rpm: 3, rpmWindowMs: 300 });
    await Promise.all(Array.from({ length: 6 }, () => generateText({ model, prompt })));
    expect(mock.requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(mock.requests).toHaveLength(6);
  });

  it('a stream error event after chunks: an error part with the Agnes diagnosis, not replayed', async () => {
    const { mock, model } = await setup(fast, { script: { '*': [{ sseErrorAfter: 2 }] } });
    const { parts, thrown } = await drain(streamText({ model, prompt, onError: () => {} }).fullStream);
    const failure = (parts.find((part) => part.type === 'error')?.error ?? thrown) as { agnes?: unknown };
    expect(mock.requests).toHaveLength(1);
    expect(failure.agnes).toMatchObject({ reason: 'stream_error', retryable: false });
  });

  it('a stream that fails before the first chunk is retried', async () => {
    const { mock, model } = await setup(fast, { script: { '*': [{ status: 503 }] } });
    expect(await streamText({ model, prompt }).text).toBe('Hello from the Agnes mock server.');
    expect(mock.requests).toHaveLength(2);
  });
});
