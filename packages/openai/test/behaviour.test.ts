import { getAgnesInfo } from '@agnes-errors/core';
import { createAgnesOpenAI, type FallbackEvent } from '@agnes-errors/openai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { apiKey, chatRequest, fast, openaiMajor, openaiVersion, rejection, setup } from './helpers.ts';

describe(`openai ${openaiVersion} behaviour`, () => {
  it('keeps one retry loop: the SDK retries nothing of its own', async () => {
    const { mock, client } = await setup(
      { ...fast, maxRetries: 1 },
      { script: { '*': Array(10).fill({ status: 500 }) } },
    );
    expect(client.maxRetries).toBe(0);
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(mock.requests).toHaveLength(2);
    expect(error.agnes).toMatchObject({ attempts: 2, stop: 'max_retries' });
  });

  it('keeps the class: a subclass of the original, with the same name', async () => {
    const { client } = await setup();
    expect(client).toBeInstanceOf(OpenAI);
    expect(client.constructor.name).toBe('OpenAI');
  });

  it('maps the statuses the SDK has no class for: 408 retried, 413 and 431 not', async () => {
    const { mock, client } = await setup(fast, { script: { '*': [{ status: 408 }, { status: 413 }] } });
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(mock.requests).toHaveLength(2);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.agnes).toMatchObject({ status: 413, reason: 'payload_too_large' });
  });

  it('classifies edge pages (520, 522, 524) as InternalServerError with Agnes reasons', async () => {
    const { client } = await setup({ ...fast, maxRetries: 0 }, { script: { '*': [{ status: 522 }] } });
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.agnes.reason).toBe('edge_connection_timeout');
  });

  it('does not retry a 409 on a task POST and reads a 409 after our own replay as a duplicate task', async () => {
    const { mock, client } = await setup(fast, {
      script: { 'POST /v1/videos': [{ status: 503 }, { status: 409 }] },
    });
    const error = await rejection(
      client.post('/videos', { body: { model: 'agnes-video-v2.0', prompt: 'sea' } }),
    );
    expect(mock.requests).toHaveLength(2);
    expect(error).toBeInstanceOf(OpenAI.ConflictError);
    expect(error.agnes.reason).toBe('duplicate_task');
    expect(error.message).toMatch(/already created the task/);
  });

  it('stays RateLimitError when a 429 outlasts the retries', async () => {
    const { client } = await setup({ ...fast, maxRetries: 0 }, { script: { '*': [{ status: 429 }] } });
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.agnes.reason).toBe('rate_limited');
  });

  it('gives a connection failure agnes on the APIConnectionError', async () => {
    const { mock, client } = await setup({ ...fast, maxRetries: 1 });
    await mock.close();
    const error = await rejection(client.models.list());
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(error.agnes).toMatchObject({ reason: 'connection_refused', attempts: 2 });
    expect(getAgnesInfo(error)?.reason).toBe('connection_refused');
  });

  it('retries a stream that fails before its first chunk', async () => {
    const { mock, client } = await setup(fast, {
      script: { 'POST /v1/chat/completions': [{ status: 503 }] },
    });
    const stream = await client.chat.completions.create({ ...chatRequest, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Hello from the Agnes mock server.');
    expect(mock.requests).toHaveLength(2);
  });

  it('never retries a stream that fails after chunks were delivered, and classifies the error event', async () => {
    const { mock, client } = await setup(fast, {
      script: { 'POST /v1/chat/completions': [{ sseErrorAfter: 2 }] },
    });
    const stream = await client.chat.completions.create({ ...chatRequest, stream: true });
    const chunks: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of stream) chunks.push(chunk);
      })(),
    );
    expect(chunks.length).toBe(2);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(mock.requests).toHaveLength(1);
    expect(getAgnesInfo(error)).toMatchObject({
      reason: 'stream_error',
      retryable: false,
      providerCode: 'internal_error',
    });
  });

  it('reports a connection dropped mid-stream as a stream interruption, never replayed', async () => {
    const { mock, client } = await setup(fast, {
      script: { 'POST /v1/chat/completions': [{ resetAfterChunks: 2 }] },
    });
    const stream = await client.chat.completions.create({ ...chatRequest, stream: true });
    const chunks: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of stream) chunks.push(chunk);
      })(),
    );
    expect(chunks.length).toBeGreaterThan(0);
    expect(mock.requests).toHaveLength(1);
    // openai 4 reads bodies through node-fetch's Node streams, which the adapter does not wrap.
    if (openaiMajor >= 5) {
      expect(getAgnesInfo(error)).toMatchObject({ reason: 'stream_interrupted', retryable: false });
      expect(error.message).toMatch(
        /^Agnes API request failed: the connection dropped after the stream had started/,
      );
    }
  });

  it('falls back to the next model when a model has no route (503) or does not exist (404)', async () => {
    const events: FallbackEvent[] = [];
    const { mock, client } = await setup(
      {
        ...fast,
        fallbackModels: ['agnes-8-flash', 'agnes-2.5-flash'],
        onFallback: (event) => events.push(event),
      },
      { unknownModelStatus: 503 },
    );
    const completion = await client.chat.completions.create({ ...chatRequest, model: 'agnes-9-pro' });
    expect(completion.model).toBe('agnes-2.5-flash');
    expect(mock.requests.map((request) => (request.body as { model: string }).model)).toEqual([
      'agnes-9-pro',
      'agnes-8-flash',
      'agnes-2.5-flash',
    ]);
    expect(events.map((event) => [event.from, event.to])).toEqual([
      ['agnes-9-pro', 'agnes-8-flash'],
      ['agnes-8-flash', 'agnes-2.5-flash'],
    ]);
    const notFound = await setup({ ...fast, fallbackModels: ['agnes-2.5-pro'] }, { unknownModelStatus: 404 });
    expect((await notFound.client.chat.completions.create({ ...chatRequest, model: 'agnes-x' })).model).toBe(
      'agnes-2.5-pro',
    );
  });

  it('does not fall back on failures another model would share', async () => {
    const { mock, client } = await setup(
      { ...fast, fallbackModels: ['agnes-2.5-pro'] },
      { script: { '*': [{ status: 401 }] } },
    );
    await rejection(client.chat.completions.create(chatRequest));
    expect(mock.requests).toHaveLength(1);
  });

  it.runIf(openaiMajor >= 5)('keeps Agnes handling through withOptions()', async () => {
    const { mock, client } = await setup(fast, { script: { '*': [{ status: 503 }] } });
    const derived = (client as unknown as { withOptions(options: object): OpenAI }).withOptions({
      timeout: 30_000,
    });
    await derived.chat.completions.create(chatRequest);
    expect(mock.requests).toHaveLength(2);
  });

  it('createAgnesOpenAI builds a wrapped client from baseURL and apiKey', async () => {
    const { mock } = await setup();
    mock.script('*', [{ status: 503 }]);
    const client = createAgnesOpenAI({ baseURL: mock.baseURL, apiKey, ...fast });
    expect((await client.models.list()).data.length).toBeGreaterThan(0);
    expect(mock.requests).toHaveLength(2);
  });

  it('createAgnesOpenAI reads AGNES_API_KEY and AGNES_BASE_URL, and without a key names AGNES_API_KEY', async () => {
    const { mock } = await setup();
    const saved = { key: process.env.AGNES_API_KEY, base: process.env.AGNES_BASE_URL };
    try {
      delete process.env.AGNES_API_KEY;
      expect(() => createAgnesOpenAI()).toThrow(/AGNES_API_KEY/);
      expect(() => createAgnesOpenAI()).not.toThrow(/OPENAI_API_KEY/);
      process.env.AGNES_API_KEY = apiKey;
      process.env.AGNES_BASE_URL = mock.baseURL;
      expect((await createAgnesOpenAI(fast).models.list()).data.length).toBeGreaterThan(0);
      expect(mock.requests[0]?.headers.authorization).toMatch(/^Bearer sk-/);
    } finally {
      for (const [name, value] of [
        ['AGNES_API_KEY', saved.key],
        ['AGNES_BASE_URL', saved.base],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('createAgnesOpenAI does not throw where reading the environment is refused (Deno without --allow-env)', () => {
    const env = Object.getOwnPropertyDescriptor(process, 'env');
    try {
      Object.defineProperty(process, 'env', {
        configurable: true,
        get() {
          throw new Error('PermissionDenied: Requires env access');
        },
      });
      // openai 6 itself reads OPENAI_CUSTOM_HEADERS in its constructor, whatever it is given.
      if (openaiMajor !== 6)
        expect(() => createAgnesOpenAI({ apiKey, baseURL: 'http://127.0.0.1:9/v1' })).not.toThrow();
      expect(() => createAgnesOpenAI()).toThrow(/AGNES_API_KEY/);
    } finally {
      if (env) Object.defineProperty(process, 'env', env);
    }
  });
});

describe(`openai ${openaiVersion}: the diagnosis relay`, () => {
  it('leaves no header of its own on the error the caller gets', async () => {
    const { client } = await setup({ ...fast, maxRetries: 0 }, { script: { '*': [{ status: 401 }] } });
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(error.agnes.status).toBe(401);
    const headers = (error as { headers?: unknown }).headers;
    const carrier =
      typeof (headers as Headers | undefined)?.get === 'function'
        ? (headers as Headers).get('x-agnes-diagnosis')
        : (headers as Record<string, unknown> | undefined)?.['x-agnes-diagnosis'];
    expect(carrier ?? null).toBeNull();
  });
});
