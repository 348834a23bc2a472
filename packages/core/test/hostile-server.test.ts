import { AgnesError, agnesFetch, getAgnesInfo } from '@agnes-errors/core';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoKeyInCauseChain } from '../../../tooling/vitest/cause-chain.ts';
import { peakMemoryGrowth } from '../../../tooling/vitest/memory.ts';

/** The mock server listens on 127.0.0.1: an Agnes host for these tests (see the `hosts` option). */
const local = { hosts: ['127.0.0.1'] } as const;

const key = 'sk-hostiletest0123456789abcdef';
let mock: MockAgnes;
afterEach(async () => {
  await mock?.close();
});

const chat = (fetcher: typeof fetch) =>
  fetcher(`${mock.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('agnesFetch against a hostile server', () => {
  it('reads at most maxErrorBodyBytes of an error body and cancels the rest', async () => {
    const huge = `{"error":{"message":"${'x'.repeat(5 * 1024 * 1024)}"}}`;
    mock = await startMockAgnes({ script: { '*': [{ status: 500, body: huge }] } });
    const response = await chat(agnesFetch({ ...local, maxRetries: 0, maxErrorBodyBytes: 64 * 1024 }));
    expect(response.status).toBe(500);
    expect((await response.arrayBuffer()).byteLength).toBe(64 * 1024);
    expect(getAgnesInfo(response)).toMatchObject({ status: 500, reason: 'server_error' });
  });

  it('ends an attempt whose body never finishes at the deadline, and says so', async () => {
    mock = await startMockAgnes({ script: { '*': [{ status: 500, trickleMs: 20 }] } });
    const response = await chat(agnesFetch({ ...local, deadlineMs: 300, baseDelayMs: 5 }));
    expect(mock.requests).toHaveLength(1);
    const info = getAgnesInfo(response);
    expect(info).toMatchObject({ status: 500, stop: 'deadline', attempts: 1 });
    expect(info?.elapsedMs).toBeGreaterThanOrEqual(280);
  });

  it('ends a success body that trickles at the deadline, erroring the body the caller reads', async () => {
    mock = await startMockAgnes({ script: { '*': [{ status: 200, trickleMs: 20 }] } });
    const fetcher = agnesFetch({ ...local, deadlineMs: 300, baseDelayMs: 5 });
    const started = Date.now();
    const response = await chat(fetcher);
    expect(response.status).toBe(200);
    const error = await response.text().catch((caught: unknown) => caught);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2000);
    expect((error as Error).name).toBe('TimeoutError');
    expect(getAgnesInfo(error)).toMatchObject({ reason: 'client_timeout', stop: 'deadline', attempts: 1 });
    expect((error as Error).message).toMatch(/^Agnes API request failed/);
    expect(mock.requests).toHaveLength(1);
  });

  it('ends a success body with throwAgnesError as an AgnesError', async () => {
    mock = await startMockAgnes({ script: { '*': [{ status: 200, trickleMs: 20 }] } });
    const response = await chat(agnesFetch({ ...local, deadlineMs: 200, throwAgnesError: true }));
    const error = await response.json().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgnesError);
    expect((error as AgnesError).agnes).toMatchObject({ reason: 'client_timeout', stop: 'deadline' });
  });

  it('leaves a success body that ends before the deadline alone', async () => {
    mock = await startMockAgnes();
    const response = await chat(agnesFetch({ ...local, deadlineMs: 200 }));
    const body = (await response.json()) as { object: string };
    expect(body.object).toBe('chat.completion');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(response.bodyUsed).toBe(true);
  });

  it('ends an attempt whose headers never come at the deadline', async () => {
    mock = await startMockAgnes({ script: { '*': [{ hang: true }, { hang: true }] } });
    await expect(chat(agnesFetch({ ...local, deadlineMs: 200, baseDelayMs: 5 }))).rejects.toMatchObject({
      agnes: { reason: 'client_timeout', stop: 'deadline' },
    });
    expect(mock.requests).toHaveLength(1);
  });

  it('does not retry a redirect loop', async () => {
    const loop = { status: 302, headers: { location: '/v1/chat/completions' }, body: '' };
    mock = await startMockAgnes({ script: { '*': Array(200).fill(loop) } });
    const error = await chat(agnesFetch({ ...local, baseDelayMs: 5 })).catch((caught: unknown) => caught);
    expect(getAgnesInfo(error)).toMatchObject({
      reason: 'too_many_redirects',
      retryable: false,
      attempts: 1,
    });
    // fetch follows 20 redirects within one attempt; no second attempt follows.
    expect(mock.requests.length).toBeLessThanOrEqual(21);
  });
});

describe('agnesFetch when a stream is cut', () => {
  it('reports a connection dropped mid-stream as a stream interruption, never replayed', async () => {
    mock = await startMockAgnes({ script: { '*': [{ resetAfterChunks: 2 }] } });
    const giveUps: string[] = [];
    const fetcher = agnesFetch({ ...local, baseDelayMs: 5, onGiveUp: (event) => giveUps.push(event.stop) });
    const response = await fetcher(`${mock.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'agnes-2.5-flash',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const received: Uint8Array[] = [];
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        received.push(value);
      }
    })().catch((caught: unknown) => caught);
    expect(received.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(TypeError);
    expect(getAgnesInfo(error)).toMatchObject({
      reason: 'stream_interrupted',
      retryable: false,
      attempts: 1,
    });
    expect((error as Error).message).toMatch(
      /^Agnes API request failed: the connection dropped after the stream had started/,
    );
    expect(giveUps).toEqual(['not_retryable']);
    expect(mock.requests).toHaveLength(1);
  });
});

describe('agnesFetch: nothing reachable through cause prints the key', () => {
  const secret = 'agnesquerykey0123456789abcdef';
  for (const throwAgnesError of [false, true]) {
    it(`with the key echoed in a header and sent in the query string (throwAgnesError: ${throwAgnesError})`, async () => {
      mock = await startMockAgnes({
        script: {
          '*': [{ status: 401, headers: { 'x-echo-key': secret, 'x-echo-bearer': `Bearer ${key}` } }],
        },
      });
      const fetcher = agnesFetch({ ...local, maxRetries: 0, throwAgnesError });
      const answer = await fetcher(`${mock.baseURL}/chat/completions?api_key=${secret}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
      }).catch((caught: unknown) => caught);
      if (!throwAgnesError) {
        // fetch semantics: the caller gets the response itself, which is theirs to read.
        expect(answer).toBeInstanceOf(Response);
        return;
      }
      expect(answer).toBeInstanceOf(AgnesError);
      const links = expectNoKeyInCauseChain(answer, secret) + expectNoKeyInCauseChain(answer, key);
      expect(links).toBeGreaterThanOrEqual(4);
      const cause = (answer as AgnesError).cause as {
        status: number;
        url: string;
        headers: Record<string, string>;
      };
      expect(cause).toMatchObject({ kind: 'response', status: 401 });
      expect(cause.headers['x-echo-key']).toBe('[redacted]');
      expect(getAgnesInfo(cause)).toMatchObject({ status: 401 });
    });
  }

  it('for a network failure, with the key in the query string', async () => {
    const fetcher = agnesFetch({ ...local, maxRetries: 0, throwAgnesError: true });
    const error = await fetcher(`http://127.0.0.1:1/v1/chat/completions?key=${secret}`, {
      headers: { authorization: `Bearer ${key}` },
    }).catch((caught: unknown) => caught);
    expect(getAgnesInfo(error)).toMatchObject({ status: undefined });
    expectNoKeyInCauseChain(error, secret);
    expectNoKeyInCauseChain(error, key);
  });
});

describe('agnesFetch and a 50 MB error body', () => {
  it('reads at most about maxErrorBodyBytes of it per attempt and still classifies it by status', async () => {
    const step = { status: 500, largeBodyBytes: 50 * 1024 * 1024 };
    mock = await startMockAgnes({ script: { '*': [step, step, step] } });
    const fetcher = agnesFetch({ ...local, maxRetries: 2, baseDelayMs: 1, maxErrorBodyBytes: 256 * 1024 });
    let response: Response | undefined;
    const growth = await peakMemoryGrowth(async () => {
      response = await chat(fetcher);
    });
    expect(getAgnesInfo(response)).toMatchObject({ status: 500, reason: 'server_error', attempts: 3 });
    expect(mock.requests).toHaveLength(3);
    // What the server could write is what fetch read, plus what the sockets buffer (a few MB).
    for (const request of mock.requests) expect(request.bodyBytesSent).toBeLessThan(12 * 1024 * 1024);
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('agnesFetch and a 429 that never ends', () => {
  it('waits a whole window per retry (4 attempts, 3 windows), and deadlineMs cuts it short', async () => {
    const forever = { '*': Array(10).fill({ status: 429 }) };
    mock = await startMockAgnes({ script: forever });
    // Scaled: a window of 200 ms stands for the default 60 s (the worst case is then 3 x 60 s).
    const started = Date.now();
    const unbounded = await chat(agnesFetch({ ...local, rpmWindowMs: 200 }));
    expect(getAgnesInfo(unbounded)).toMatchObject({
      reason: 'rate_limited',
      attempts: 4,
      stop: 'max_retries',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(580);

    await mock.close();
    mock = await startMockAgnes({ script: forever });
    const cutStarted = Date.now();
    const cut = await chat(agnesFetch({ ...local, rpmWindowMs: 200, deadlineMs: 300 }));
    expect(getAgnesInfo(cut)).toMatchObject({ reason: 'rate_limited', attempts: 2, stop: 'deadline' });
    expect(Date.now() - cutStarted).toBeLessThan(300);
    expect(mock.requests).toHaveLength(2);
  });
});
