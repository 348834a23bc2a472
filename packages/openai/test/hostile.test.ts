import { getAgnesInfo } from '@agnes-errors/core';
import { withAgnes } from '@agnes-errors/openai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { expectNoKeyInCauseChain } from '../../../tooling/vitest/cause-chain.ts';
import { peakMemoryGrowth } from '../../../tooling/vitest/memory.ts';
import { apiKey, chatRequest, openaiMajor, rejection, setup } from './helpers.ts';

describe('withAgnes against a hostile server', () => {
  it('ends a success body that trickles at the deadline with a timeout diagnosis', async () => {
    const { mock, client } = await setup(
      { deadlineMs: 300, baseDelayMs: 5 },
      { script: { '*': [{ status: 200, trickleMs: 20 }] } },
    );
    const started = Date.now();
    const error = await rejection(client.chat.completions.create(chatRequest));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2000);
    // openai 4 reads the body through node-fetch, which passes on an AbortError as it is.
    expect(error.name).toBe(openaiMajor === 4 ? 'AbortError' : 'TimeoutError');
    expect(getAgnesInfo(error)).toMatchObject({ reason: 'client_timeout', stop: 'deadline', attempts: 1 });
    expect(mock.requests).toHaveLength(1);
  });
});

describe('withAgnes: nothing reachable through cause prints the key', () => {
  const secret = 'agnesquerykey0123456789abcdef';
  const echo = {
    '*': [{ status: 401, headers: { 'x-echo-key': secret, 'x-echo-bearer': `Bearer ${apiKey}` } }],
  };
  for (const throwAgnesError of [false, true]) {
    it(`with the key echoed in a header and sent in the query string (throwAgnesError: ${throwAgnesError})`, async () => {
      const { client } = await setup(
        { maxRetries: 0, throwAgnesError },
        { script: echo },
        {
          defaultQuery: { api_key: secret },
        },
      );
      const error = await rejection(client.chat.completions.create(chatRequest));
      expect(getAgnesInfo(error)).toMatchObject({ status: 401 });
      expectNoKeyInCauseChain(error, secret);
      expectNoKeyInCauseChain(error, apiKey);
    });
  }

  it('for a network failure, with the key in the query string', async () => {
    const client = withAgnes(
      new OpenAI({ baseURL: 'http://127.0.0.1:9/v1', apiKey, defaultQuery: { key: secret } }),
      {
        maxRetries: 0,
        throwAgnesError: true,
      },
    );
    const error = await rejection(client.chat.completions.create(chatRequest));
    expect(getAgnesInfo(error)).toMatchObject({ status: undefined });
    expectNoKeyInCauseChain(error, secret);
    expectNoKeyInCauseChain(error, apiKey);
  });
});

describe('withAgnes and a 50 MB error body', () => {
  it('reads at most about maxErrorBodyBytes of it per attempt and still classifies it by status', async () => {
    const step = { status: 500, largeBodyBytes: 50 * 1024 * 1024 };
    const { mock, client } = await setup(
      { maxRetries: 2, baseDelayMs: 1, maxErrorBodyBytes: 256 * 1024 },
      { script: { '*': [step, step, step] } },
    );
    let error: unknown;
    const growth = await peakMemoryGrowth(async () => {
      error = await rejection(client.chat.completions.create(chatRequest));
    });
    expect(getAgnesInfo(error)).toMatchObject({ status: 500, reason: 'server_error', attempts: 3 });
    expect(mock.requests).toHaveLength(3);
    // What the server could write is what the client read, plus what the sockets buffer (a few MB).
    for (const request of mock.requests) expect(request.bodyBytesSent).toBeLessThan(12 * 1024 * 1024);
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('withAgnes and a success whose body is not JSON', () => {
  it('rejects with invalid_response instead of a bare SyntaxError', async () => {
    const { mock, client } = await setup(undefined, {
      script: { '*': [{ status: 200, body: '{"id":"chatcmpl-1","choices":[{"mess' }] },
    });
    const error = await rejection(client.chat.completions.create(chatRequest));
    // openai 4 parses through node-fetch, whose error for it is a FetchError of type invalid-json.
    if (openaiMajor === 4) expect(error.name).toBe('FetchError');
    else expect(error).toBeInstanceOf(SyntaxError);
    expect(getAgnesInfo(error)).toMatchObject({ reason: 'invalid_response', retryable: false, attempts: 1 });
    expect(error.message).toMatch(/^Agnes API request failed/);
    expect(mock.requests).toHaveLength(1);
  });

  it('leaves a success that parses alone', async () => {
    const { client } = await setup();
    const completion = await client.chat.completions.create(chatRequest);
    expect(completion.object).toBe('chat.completion');
  });
});
