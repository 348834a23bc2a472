import { inspect } from 'node:util';
import { AgnesError, ChatAgnes, getAgnesInfo, isAgnesError } from '@agnes-errors/langchain';
import { load } from '@langchain/core/load';
import { OpenAIClient } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatCompletionStep } from '../../../tooling/vitest/helpers.ts';
import { apiKey, drain, fast, rejection, setup } from './helpers.ts';

const storm = (status: number, extra: Record<string, unknown> = {}) => ({
  script: { '*': Array(40).fill({ status, ...extra }) },
});

const toolCall = (name: string, args: Record<string, unknown>) =>
  chatCompletionStep(
    {
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: JSON.stringify(args) } }],
    },
    'tool_calls',
  );

describe('no stacking: exactly maxRetries + 1 attempts', () => {
  it('a 503 storm: 4 attempts (not 7 x 4), the SDK error class with agnes', async () => {
    const { mock, model } = await setup(fast, storm(503));
    const error = await rejection(model.invoke('hi'));
    expect(mock.requests).toHaveLength(4);
    expect(error).toBeInstanceOf(OpenAIClient.InternalServerError);
    expect(error.agnes).toMatchObject({ status: 503, attempts: 4, stop: 'max_retries' });
    expect(error.message).toMatch(/^Agnes API 503 .*Gave up after 4 attempts/s);
  });

  it('maxRetries means the Agnes loop: maxRetries 1 makes 2 attempts', async () => {
    const { mock, model } = await setup({ ...fast, maxRetries: 1 }, storm(503));
    await rejection(model.invoke('hi'));
    expect(mock.requests).toHaveLength(2);
  });

  it('a connection reset on every attempt: maxRetries + 1 attempts, a connection error with agnes', async () => {
    const { mock, model } = await setup({ ...fast, maxRetries: 2 }, storm(500, { reset: 'before' }));
    const error = await rejection(model.invoke('hi'));
    expect(mock.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(OpenAIClient.APIConnectionError);
    expect(error.agnes).toMatchObject({ attempts: 3, category: 'network' });
  });

  for (const [label, server, reason] of [
    ['401', storm(401), 'invalid_api_key'],
    ['402', storm(402), 'insufficient_quota'],
  ] as const) {
    it(`a ${label}: one attempt, the Agnes diagnosis`, async () => {
      const { mock, model } = await setup(fast, server);
      const error = await rejection(model.invoke('hi'));
      expect(mock.requests).toHaveLength(1);
      expect(error).toBeInstanceOf(OpenAIClient.APIError);
      expect(error.agnes.reason).toBe(reason);
    });
  }

  it('maxTokens 100000 is refused before sending, once, with the limit in the message', async () => {
    const { mock, model } = await setup({ ...fast, maxTokens: 100_000 });
    const started = Date.now();
    const error = await rejection(model.invoke('hi'));
    expect(mock.requests).toHaveLength(0);
    expect(error).toBeInstanceOf(OpenAIClient.APIConnectionError);
    expect(error.agnes).toMatchObject({ reason: 'max_tokens_too_large', stop: 'preflight', attempts: 0 });
    expect(error.message).toContain('65536');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a 400 for maxTokens 100000: one attempt, the limit in the message', async () => {
    const { mock, model } = await setup({ ...fast, maxTokens: 100_000, preflight: 'off' });
    const error = await rejection(model.invoke('hi'));
    expect(mock.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(OpenAIClient.BadRequestError);
    expect(error.agnes.reason).toBe('max_tokens_too_large');
    expect(error.message).toContain('65536');
  });

  it('throwAgnesError on a 400: one attempt, an AgnesError around the SDK error, never a connection error', async () => {
    const { mock, model } = await setup({
      ...fast,
      maxTokens: 100_000,
      throwAgnesError: true,
      preflight: 'off',
    });
    const error = await rejection(model.invoke('hi'));
    expect(mock.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(AgnesError);
    expect(error.cause).toBeInstanceOf(OpenAIClient.BadRequestError);
    expect(error.cause).not.toBeInstanceOf(OpenAIClient.APIConnectionError);
  });

  it('a 401 keeps the code LangChain adds (lc_error_code)', async () => {
    const { model } = await setup(fast, storm(401));
    const error = await rejection(model.invoke('hi'));
    expect(error.lc_error_code).toBe('MODEL_AUTHENTICATION');
  });
});

describe('streaming', () => {
  it('an error before the first chunk is retried', async () => {
    const { mock, model } = await setup(fast, { script: { '*': [{ status: 503 }] } });
    const { chunks, thrown } = await drain(await model.stream('hi'));
    expect(thrown).toBeUndefined();
    expect(chunks.length).toBeGreaterThan(2);
    expect(mock.requests).toHaveLength(2);
  });

  it('an error event after two chunks: never replayed, stream_error', async () => {
    const { mock, model } = await setup(fast, { script: { '*': [{ sseErrorAfter: 2 }] } });
    const { chunks, thrown } = await drain(await model.stream('hi'));
    expect(chunks.length).toBeGreaterThan(0);
    expect(mock.requests).toHaveLength(1);
    expect(thrown?.agnes).toMatchObject({ reason: 'stream_error', retryable: false });
    expect(thrown?.message).toMatch(/stream failed after it had started/);
  });

  it('streaming: true, an error event mid-stream: invoke rejects with stream_error, one request', async () => {
    const { mock, model } = await setup(
      { ...fast, streaming: true },
      { script: { '*': [{ sseErrorAfter: 2 }] } },
    );
    const error = await rejection(model.invoke('hi'));
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes).toMatchObject({ reason: 'stream_error', retryable: false });
  });

  it('a connection dropped after two chunks: never replayed, stream_interrupted', async () => {
    const { mock, model } = await setup(fast, { script: { '*': [{ resetAfterChunks: 2 }] } });
    const { thrown } = await drain(await model.stream('hi'));
    expect(mock.requests).toHaveLength(1);
    expect(getAgnesInfo(thrown)).toMatchObject({ reason: 'stream_interrupted', retryable: false });
  });
});

describe('pacing', () => {
  it('rpm: batch gets no 429', async () => {
    const { mock, model } = await setup({ ...fast, rpm: 3, rpmWindowMs: 300 }, { rpm: 3, rpmWindowMs: 300 });
    const answers = await model.batch(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(answers).toHaveLength(7);
    expect(mock.requests.filter((request) => request.status === 429)).toHaveLength(0);
  });

  it('a 429 pauses every call of the model', async () => {
    const { mock, model } = await setup({ ...fast, rpmWindowMs: 400 }, { rpm: 2, rpmWindowMs: 400 });
    await Promise.all(Array.from({ length: 4 }, () => model.invoke('hi')));
    const firstLimited = mock.requests.find((request) => request.status === 429);
    expect(firstLimited).toBeDefined();
    for (const request of mock.requests.slice(4))
      expect(request.time - (firstLimited?.time ?? 0)).toBeGreaterThanOrEqual(380);
  });
});

describe('LangChain features', () => {
  it('bindTools: the tool call is read', async () => {
    const { model } = await setup(fast, { script: { '*': [toolCall('weather', { city: 'Paris' })] } });
    const weather = { name: 'weather', description: 'The weather', schema: z.object({ city: z.string() }) };
    const answer = await model.bindTools([weather]).invoke('weather in Paris?');
    expect(answer.tool_calls?.[0]).toMatchObject({ name: 'weather', args: { city: 'Paris' } });
  });

  it('withStructuredOutput: the object is parsed, after a retried 503', async () => {
    const { mock, model } = await setup(fast, {
      script: { '*': [{ status: 503 }, toolCall('city', { name: 'Paris' })] },
    });
    const structured = model.withStructuredOutput(z.object({ name: z.string() }), {
      name: 'city',
      method: 'functionCalling',
    });
    expect(await structured.invoke('capital of France?')).toEqual({ name: 'Paris' });
    expect(mock.requests).toHaveLength(2);
  });

  it('callbacks get the decorated error, without the key', async () => {
    const { model } = await setup(fast, storm(401));
    const seen: unknown[] = [];
    await rejection(
      model.invoke('hi', { callbacks: [{ handleLLMError: (error: unknown) => void seen.push(error) }] }),
    );
    expect(seen).toHaveLength(1);
    expect(isAgnesError(seen[0]) || getAgnesInfo(seen[0])?.reason === 'invalid_api_key').toBe(true);
    for (const output of [JSON.stringify(seen[0]), inspect(seen[0], { depth: 6 }), String(seen[0])])
      expect(output).not.toContain(apiKey);
  });
});

describe('configuration and serialisation', () => {
  it('no key and no AGNES_API_KEY: a TypeError naming it', () => {
    expect(() => new ChatAgnes({ baseURL: 'http://127.0.0.1:9/v1' })).toThrow(/AGNES_API_KEY/);
  });

  it('a bad option is a TypeError naming it', () => {
    expect(() => new ChatAgnes({ apiKey, maxRetries: -1 })).toThrow(/maxRetries/);
  });

  it('serialises as ChatAgnes with the key as the AGNES_API_KEY secret, and loads back with the Agnes options', async () => {
    const model = new ChatAgnes({ apiKey, model: 'agnes-2.5-pro', rpm: 20, maxRetries: 5, temperature: 0.2 });
    const json = JSON.stringify(model);
    expect(json).not.toContain(apiKey);
    expect(inspect(model, { depth: 4 })).not.toContain(apiKey);
    const parsed = JSON.parse(json) as { id: string[]; kwargs: Record<string, unknown> };
    expect(parsed.id).toEqual(['langchain', 'chat_models', 'agnes', 'ChatAgnes']);
    expect(parsed.kwargs).toMatchObject({
      model: 'agnes-2.5-pro',
      rpm: 20,
      max_retries: 5,
      temperature: 0.2,
      base_url: 'https://apihub.agnes-ai.com/v1',
      openai_api_key: { type: 'secret', id: ['AGNES_API_KEY'] },
    });
    const loaded = await load<ChatAgnes>(json, {
      secretsMap: { AGNES_API_KEY: 'sk-fromsecrets0000000000' },
      optionalImportsMap: { 'langchain/chat_models/agnes': { ChatAgnes } },
    } as never);
    expect(loaded).toBeInstanceOf(ChatAgnes);
    expect(loaded.model).toBe('agnes-2.5-pro');
    expect(loaded.apiKey).toBe('sk-fromsecrets0000000000');
    expect(loaded.agnesLink.controller.options).toMatchObject({ maxRetries: 5, rpm: 20 });
    // The deprecated name still reaches it.
    expect(loaded.agnes).toBe(loaded.agnesLink);
  });
});
