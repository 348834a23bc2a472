import { inspect } from 'node:util';
import { createAgnesAnthropic, type FallbackEvent, getAgnesInfo } from '@agnes-errors/anthropic';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import {
  anthropicVersion,
  apiKey,
  fast,
  messageRequest,
  nodeFetchEra,
  rejection,
  sdkBaseURL,
  setup,
} from './helpers.ts';

/** Every event of a stream, and the error it threw, if any. */
async function drain(stream: AsyncIterable<unknown>): Promise<{ events: unknown[]; thrown: unknown }> {
  const events: unknown[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, thrown: error };
  }
  return { events, thrown: undefined };
}

const textOf = (message: Anthropic.Message): string =>
  message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');

describe(`@anthropic-ai/sdk ${anthropicVersion}: one retry loop`, () => {
  it('makes exactly maxRetries + 1 requests whatever maxRetries the SDK was given', async () => {
    const { mock, client } = await setup(
      { ...fast, maxRetries: 1 },
      { script: { '*': Array(30).fill({ status: 500 }) } },
      { maxRetries: 5 },
    );
    expect(client.maxRetries).toBe(0);
    const error = await rejection(client.messages.create(messageRequest));
    expect(mock.requests).toHaveLength(2);
    expect(error.agnes).toMatchObject({ attempts: 2, stop: 'max_retries' });
    // A request's own maxRetries does not restart the loop either.
    mock.reset();
    mock.script('*', Array(30).fill({ status: 500 }));
    await rejection(client.messages.create(messageRequest, { maxRetries: 4 }));
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests.map((request) => request.headers['x-stainless-retry-count'] ?? '0')).not.toContain(
      '1',
    );
  });

  it('keeps the class: a subclass of the original, with the same name', async () => {
    const { client } = await setup();
    expect(client).toBeInstanceOf(Anthropic);
    expect(client.constructor.name).toBe('Anthropic');
  });

  it.skipIf(nodeFetchEra)('keeps Agnes handling, and one loop, through withOptions()', async () => {
    const { mock, client } = await setup(
      { ...fast, maxRetries: 2 },
      { script: { '*': Array(10).fill({ status: 529 }) } },
    );
    const derived = client.withOptions({ timeout: 30_000, maxRetries: 6 });
    const error = await rejection(derived.messages.create(messageRequest));
    expect(mock.requests).toHaveLength(3);
    expect(error.agnes.reason).toBe('overloaded');
  });
});

describe(`@anthropic-ai/sdk ${anthropicVersion}: brownouts and rate limits`, () => {
  it('recovers from a 529 overloaded brownout, sending the same body each time', async () => {
    const { mock, client } = await setup(fast, {
      script: { 'POST /v1/messages': [{ status: 529 }, { status: 529 }] },
    });
    const message = await client.messages.create(messageRequest);
    expect(textOf(message)).toBe('Hello from the Agnes mock server.');
    expect(mock.requests.map((request) => request.status)).toEqual([529, 529, 200]);
    const bodies = mock.requests.map((request) => request.body);
    expect(bodies).toEqual([bodies[0], bodies[0], bodies[0]]);
  });

  it('a 529 that outlasts the retries: the SDK error, error.agnes overloaded, the Agnes words', async () => {
    const { mock, client } = await setup(
      { ...fast, maxRetries: 2 },
      { script: { '*': Array(10).fill({ status: 529 }) } },
    );
    const error = await rejection(client.messages.create(messageRequest));
    expect(mock.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error.status).toBe(529);
    expect(error.agnes).toMatchObject({
      status: 529,
      reason: 'overloaded',
      providerType: 'overloaded_error',
    });
    expect(error.message).toMatch(/^Agnes API 529: the provider is overloaded \(529 overloaded_error\)/);
    expect(error.message).toMatch(/Gave up after 3 attempts/);
  });

  it('stays RateLimitError after a 429 and waits the retry-after-ms the server asked for', async () => {
    const { mock, client } = await setup(
      { ...fast, maxRetries: 1 },
      {
        script: { '*': [{ status: 429, retryAfterMs: 300 }, { status: 429 }] },
      },
    );
    const error = await rejection(client.messages.create(messageRequest));
    expect(mock.requests).toHaveLength(2);
    expect((mock.requests[1]?.time ?? 0) - (mock.requests[0]?.time ?? 0)).toBeGreaterThanOrEqual(280);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.agnes).toMatchObject({ reason: 'rate_limited', providerType: 'rate_limit_error' });
  });

  it('a 429 with only anthropic-ratelimit-requests-reset waits until that reset, not a whole RPM window', async () => {
    const { mock, client } = await setup(fast);
    const resetAt = Date.now() + 300;
    mock.script('*', [
      {
        status: 429,
        headers: {
          'anthropic-ratelimit-requests-limit': '50',
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': new Date(resetAt).toISOString(),
        },
      },
    ]);
    await client.messages.create(messageRequest);
    expect(mock.requests).toHaveLength(2);
    // Sent once the stated reset had passed, and long before the 60 s RPM window a bare 429 waits.
    expect(mock.requests[1]?.time ?? 0).toBeGreaterThanOrEqual(resetAt - 5);
    expect((mock.requests[1]?.time ?? 0) - (mock.requests[0]?.time ?? 0)).toBeLessThan(30_000);
  });

  it('a 429 storm: concurrent calls pace to the limit the 429s announce and all succeed', async () => {
    const { mock, client } = await setup(
      { ...fast, rpmWindowMs: 400 },
      { rpm: 2, rpmWindowMs: 400, anthropicRateLimitHeaders: true },
    );
    const results = await Promise.all(
      Array.from({ length: 6 }, () => client.messages.create(messageRequest)),
    );
    expect(results).toHaveLength(6);
    expect(mock.requests.filter((request) => request.status === 200)).toHaveLength(6);
  });
});

describe(`@anthropic-ai/sdk ${anthropicVersion}: errors`, () => {
  it('keeps the SDK error classes with error.agnes: AuthenticationError, NotFoundError, BadRequestError', async () => {
    const { client, mock } = await setup(
      { ...fast, maxRetries: 0 },
      { script: { '*': [{ status: 401 }, { status: 404 }] } },
    );
    const unauthorized = await rejection(client.messages.create(messageRequest));
    expect(unauthorized).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(unauthorized.agnes).toMatchObject({
      reason: 'invalid_api_key',
      providerType: 'authentication_error',
    });
    const notFound = await rejection(client.messages.create(messageRequest));
    expect(notFound).toBeInstanceOf(Anthropic.NotFoundError);
    expect(getAgnesInfo(notFound)?.status).toBe(404);
    const tooMany = await rejection(client.messages.create({ ...messageRequest, max_tokens: 100_000 }));
    expect(tooMany).toBeInstanceOf(Anthropic.BadRequestError);
    expect(tooMany.agnes.reason).toBe('max_tokens_too_large');
    expect(mock.requests).toHaveLength(3);
  });

  it('leaves no header of its own on the error the caller gets (the diagnosis relay)', async () => {
    const { client } = await setup({ ...fast, maxRetries: 0 }, { script: { '*': [{ status: 401 }] } });
    const error = await rejection(client.messages.create(messageRequest));
    expect(error.agnes.status).toBe(401);
    const headers = (error as { headers?: unknown }).headers;
    const carrier =
      typeof (headers as Headers | undefined)?.get === 'function'
        ? (headers as Headers).get('x-agnes-diagnosis')
        : (headers as Record<string, unknown> | undefined)?.['x-agnes-diagnosis'];
    expect(carrier ?? null).toBeNull();
  });

  it('says the limit the provider stated, not our default', async () => {
    const { client } = await setup(fast, {
      script: {
        'POST /v1/messages': [
          {
            status: 400,
            message:
              'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for agnes-2.5-flash',
          },
        ],
      },
    });
    const error = await rejection(client.messages.create({ ...messageRequest, max_tokens: 100_000 }));
    expect(error.message).toContain('max_tokens = 100000 is above the limit of 64000');
    expect(error.message).not.toContain('65536');
  });

  it('gives a connection failure agnes on the APIConnectionError', async () => {
    const { mock, client } = await setup({ ...fast, maxRetries: 1 });
    await mock.close();
    const error = await rejection(client.messages.create(messageRequest));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(error.agnes).toMatchObject({ reason: 'connection_refused', attempts: 2 });
  });

  it('keeps a key sent in x-api-key out of the message, JSON and inspect output', async () => {
    const key = 'sk-ant-api03-SECRETSECRETSECRET0123456789';
    const { mock, client } = await setup(
      { ...fast, maxRetries: 0 },
      {
        script: {
          '*': [{ status: 401, message: `invalid x-api-key ${key}`, headers: { 'request-id': key } }],
        },
      },
      // 0.x sends apiKey as x-api-key itself; 1.x sends it as a Bearer token, so the header is set by hand.
      nodeFetchEra
        ? { apiKey: key }
        : { apiKey: null, authToken: null, defaultHeaders: { 'x-api-key': key } },
    );
    const error = await rejection(client.messages.create(messageRequest));
    expect(mock.requests[0]?.headers['x-api-key']).toBe('sk-[redacted]');
    expect(error.agnes.reason).toBe('invalid_api_key');
    for (const output of [error.message, String(error), JSON.stringify(error), inspect(error, { depth: 8 })])
      expect(output).not.toContain(key);
    expect(error.message).toContain('invalid x-api-key');
  });
});

describe(`@anthropic-ai/sdk ${anthropicVersion}: a success whose body is not JSON`, () => {
  it('rejects with invalid_response instead of a bare SyntaxError, never retried', async () => {
    const { mock, client } = await setup(fast, {
      script: { '*': [{ status: 200, body: '{"id":"msg_1","type":"message","content":[{"ty' }] },
    });
    const error = await rejection(client.messages.create(messageRequest));
    expect(getAgnesInfo(error)).toMatchObject({ reason: 'invalid_response', retryable: false, attempts: 1 });
    expect(error.message).toMatch(/^Agnes API request failed/);
    expect(mock.requests).toHaveLength(1);
  });
});

describe(`@anthropic-ai/sdk ${anthropicVersion}: streams`, () => {
  it('retries a stream that fails before its first event (stream: true and messages.stream)', async () => {
    const { mock, client } = await setup(fast, {
      script: { 'POST /v1/messages': [{ status: 529 }, { status: 529 }] },
    });
    const stream = await client.messages.create({ ...messageRequest, stream: true });
    let text = '';
    for await (const event of stream)
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    expect(text).toBe('Hello from the Agnes mock server.');
    expect(mock.requests).toHaveLength(3);
    mock.script('POST /v1/messages', [{ status: 529 }]);
    const helper = client.messages.stream(messageRequest);
    expect(textOf(await helper.finalMessage())).toBe('Hello from the Agnes mock server.');
    expect(mock.requests).toHaveLength(5);
  });

  it('never replays a stream that delivered events, and diagnoses its error event', async () => {
    const { mock, client } = await setup(fast, { script: { 'POST /v1/messages': [{ sseErrorAfter: 4 }] } });
    const stream = await client.messages.create({ ...messageRequest, stream: true });
    const { events, thrown } = await drain(stream);
    expect(events.map((event) => (event as { type: string }).type)).toContain('content_block_delta');
    expect(thrown).toBeInstanceOf(Anthropic.APIError);
    expect(mock.requests).toHaveLength(1);
    expect(getAgnesInfo(thrown)).toMatchObject({
      reason: 'overloaded',
      retryable: false,
      providerType: 'overloaded_error',
    });
  });

  it('reports a connection dropped mid-stream as a stream interruption, never replayed', async () => {
    const { mock, client } = await setup(fast, {
      script: { 'POST /v1/messages': [{ resetAfterChunks: 3 }] },
    });
    const stream = await client.messages.create({ ...messageRequest, stream: true });
    const { events, thrown } = await drain(stream);
    expect(events.length).toBeGreaterThan(0);
    expect(thrown).toBeDefined();
    expect(mock.requests).toHaveLength(1);
    // 0.41 reads bodies through node-fetch's Node streams, which the adapter does not wrap.
    if (!nodeFetchEra)
      expect(getAgnesInfo(thrown)).toMatchObject({ reason: 'stream_interrupted', retryable: false });
  });
});

describe(`@anthropic-ai/sdk ${anthropicVersion}: fallback models`, () => {
  it('moves on to the next model when a model has no route, or stays overloaded after the retries', async () => {
    const events: FallbackEvent[] = [];
    const { mock, client } = await setup({
      ...fast,
      maxRetries: 1,
      fallbackModels: ['agnes-2.5-pro', 'agnes-2.5-flash'],
      onFallback: (event) => events.push(event),
    });
    mock.script('POST /v1/messages', ['ok', { status: 529 }, { status: 529 }]);
    // agnes-9-pro has no route (503, then a retry); agnes-2.5-pro is overloaded; agnes-2.5-flash answers.
    const message = await client.messages.create({ ...messageRequest, model: 'agnes-9-pro' });
    expect(message.model).toBe('agnes-2.5-flash');
    expect(events.map((event) => [event.from, event.to, event.info.reason])).toEqual([
      ['agnes-9-pro', 'agnes-2.5-pro', 'model_not_found'],
      ['agnes-2.5-pro', 'agnes-2.5-flash', 'overloaded'],
    ]);
  });
});

describe(`@anthropic-ai/sdk ${anthropicVersion}: createAgnesAnthropic`, () => {
  it('does not throw where reading the environment is refused (Deno without --allow-env), but names AGNES_API_KEY', () => {
    const env = Object.getOwnPropertyDescriptor(process, 'env');
    try {
      Object.defineProperty(process, 'env', {
        configurable: true,
        get() {
          throw new Error('PermissionDenied: Requires env access');
        },
      });
      // 0.50 and later read ANTHROPIC_* variables in their constructor themselves, whatever they are given.
      if (nodeFetchEra)
        expect(() => createAgnesAnthropic({ apiKey, baseURL: 'http://127.0.0.1:9' })).not.toThrow();
      expect(() => createAgnesAnthropic()).toThrow(/AGNES_API_KEY/);
    } finally {
      if (env) Object.defineProperty(process, 'env', env);
    }
  });

  it('builds a wrapped client from baseURL (with or without /v1) and apiKey', async () => {
    const { mock } = await setup();
    for (const baseURL of [mock.baseURL, sdkBaseURL(mock)]) {
      mock.reset();
      mock.script('*', [{ status: 529 }]);
      const client = createAgnesAnthropic({ baseURL, apiKey, ...fast });
      expect(textOf(await client.messages.create(messageRequest))).toBe('Hello from the Agnes mock server.');
      expect(mock.requests.map((request) => request.pathname)).toEqual(['/v1/messages', '/v1/messages']);
    }
  });

  it('reads AGNES_API_KEY and AGNES_BASE_URL, and without a key names AGNES_API_KEY', async () => {
    const { mock } = await setup();
    const saved = { key: process.env.AGNES_API_KEY, base: process.env.AGNES_BASE_URL };
    try {
      delete process.env.AGNES_API_KEY;
      expect(() => createAgnesAnthropic()).toThrow(/AGNES_API_KEY/);
      expect(() => createAgnesAnthropic()).not.toThrow(/ANTHROPIC_API_KEY/);
      process.env.AGNES_API_KEY = apiKey;
      process.env.AGNES_BASE_URL = mock.baseURL;
      await createAgnesAnthropic(fast).messages.create(messageRequest);
      expect(mock.requests).toHaveLength(1);
      const sent = mock.requests[0]?.headers;
      expect(sent?.['x-api-key'] ?? sent?.authorization).toMatch(/sk-\[redacted\]$/);
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
});
