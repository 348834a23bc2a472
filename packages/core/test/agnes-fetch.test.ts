import {
  AgnesError,
  type AgnesFetchOptions,
  agnesFetch,
  type GiveUpEvent,
  getAgnesInfo,
  type RetryEvent,
} from '@agnes-errors/core';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';

/** The mock server listens on 127.0.0.1: an Agnes host for these tests (see the `hosts` option). */
const local = { hosts: ['127.0.0.1'] } as const;

const key = 'sk-fetchtest0123456789abcdef';
let mock: MockAgnes;
afterEach(async () => {
  await mock?.close();
});

const chatBody = JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
const fast: AgnesFetchOptions = { baseDelayMs: 5, maxDelayMs: 20 };
const post = (fetcher: typeof fetch, path = '/chat/completions', body = chatBody, init: RequestInit = {}) =>
  fetcher(`${mock.baseURL}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
    ...init,
  });

describe('agnesFetch', () => {
  it('recovers from transient 503s and returns the success untouched', async () => {
    mock = await startMockAgnes({
      script: { 'POST /v1/chat/completions': [{ status: 503 }, { status: 503 }] },
    });
    const retries: RetryEvent[] = [];
    const response = await post(agnesFetch({ ...local, ...fast, onRetry: (event) => retries.push(event) }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { object: string }).object).toBe('chat.completion');
    expect(mock.requests).toHaveLength(3);
    expect(retries.map((event) => [event.attempt, event.info.status])).toEqual([
      [1, 503],
      [2, 503],
    ]);
  });

  it('returns the final failure as a response with the diagnosis attached, body intact', async () => {
    mock = await startMockAgnes();
    const response = await fetchWithoutKey();
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /No token provided/,
    );
    expect(getAgnesInfo(response)).toMatchObject({
      reason: 'missing_authorization',
      attempts: 1,
      retryable: false,
    });
    expect(mock.requests).toHaveLength(1);
  });

  it('throws AgnesError when asked, with the Agnes message and no key', async () => {
    mock = await startMockAgnes({ script: { '*': [{ status: 402 }] } });
    const error = await post(agnesFetch({ ...local, throwAgnesError: true })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AgnesError);
    expect((error as AgnesError).agnes.reason).toBe('insufficient_quota');
    expect((error as AgnesError).message).toMatch(/^Agnes API 402 Payment Required: .*top up/);
    expect(JSON.stringify(error)).not.toContain(key);
    expect(mock.requests).toHaveLength(1);
  });

  it('gives up after maxRetries and says so', async () => {
    mock = await startMockAgnes({ script: { '*': Array(10).fill({ status: 503 }) } });
    const giveUps: GiveUpEvent[] = [];
    const response = await post(
      agnesFetch({ ...local, ...fast, maxRetries: 2, onGiveUp: (event) => giveUps.push(event) }),
    );
    expect(mock.requests).toHaveLength(3);
    expect(getAgnesInfo(response)).toMatchObject({ attempts: 3, stop: 'max_retries' });
    expect(giveUps).toHaveLength(1);
    expect(giveUps[0]?.stop).toBe('max_retries');
  });

  it('does not resubmit a task-creating POST after a 504', async () => {
    mock = await startMockAgnes({ script: { 'POST /v1/videos': [{ status: 504 }] } });
    const response = await post(
      agnesFetch({ ...local, ...fast }),
      '/videos',
      JSON.stringify({ model: 'agnes-video-v2.0', prompt: 'sea' }),
    );
    expect(response.status).toBe(504);
    expect(mock.requests).toHaveLength(1);
    const info = getAgnesInfo(response);
    expect(info?.stop).toBe('not_replayable');
  });

  it('honours Retry-After between attempts', async () => {
    mock = await startMockAgnes({ script: { '*': [{ status: 429, retryAfter: 1 }] } });
    const response = await post(agnesFetch({ ...local, ...fast }));
    expect(response.status).toBe(200);
    const [first, second] = mock.requests;
    expect((second?.time ?? 0) - (first?.time ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('retries network failures where safe: a reset before the response on a chat POST', async () => {
    mock = await startMockAgnes({ script: { '*': [{ reset: 'before' }] } });
    const response = await post(agnesFetch({ ...local, ...fast }));
    expect(response.status).toBe(200);
    expect(mock.requests).toHaveLength(2);
  });

  it('throws the original network error with an Agnes message when the host refuses', async () => {
    mock = await startMockAgnes();
    const origin = mock.origin;
    await mock.close();
    const error = await agnesFetch({ ...local, ...fast, maxRetries: 1, preflight: 'off' })(
      `${origin}/v1/models`,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(
      /^Agnes API request failed: the connection to 127.0.0.1 was refused/,
    );
    expect(getAgnesInfo(error)).toMatchObject({ reason: 'connection_refused', attempts: 2 });
    mock = await startMockAgnes();
  });

  it('rejects promptly with the caller abort during the backoff wait, and sends nothing more', async () => {
    mock = await startMockAgnes({ script: { '*': [{ status: 503 }] } });
    const controller = new AbortController();
    const fetcher = agnesFetch({
      ...local,
      baseDelayMs: 5000,
      maxDelayMs: 5000,
      random: () => 1,
      onRetry: () => setTimeout(() => controller.abort(), 20),
    });
    const started = Date.now();
    const error = await post(fetcher, '/chat/completions', chatBody, { signal: controller.signal }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mock.requests).toHaveLength(1);
  });

  it('reads Request objects and replays their body', async () => {
    mock = await startMockAgnes({ script: { '*': [{ status: 502 }] } });
    const request = new Request(`${mock.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: chatBody,
    });
    const response = await agnesFetch({ ...local, ...fast })(request);
    expect(response.status).toBe(200);
    expect(mock.requests.map((recorded) => recorded.body)).toEqual([
      JSON.parse(chatBody),
      JSON.parse(chatBody),
    ]);
  });
});

describe('agnesFetch rate limiting', () => {
  it('paces 30 concurrent calls to rpm 10 per second with zero 429s', async () => {
    mock = await startMockAgnes({ rpm: 10, rpmWindowMs: 1000 });
    const fetcher = agnesFetch({ ...local, ...fast, rpm: 10, rpmWindowMs: 1000 });
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => post(fetcher).then((response) => response.status)),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(mock.requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(mock.requests).toHaveLength(30);
    const span = (mock.requests.at(-1)?.time ?? 0) - (mock.requests[0]?.time ?? 0);
    expect(span).toBeGreaterThanOrEqual(1900);
  }, 10_000);

  it('pauses every request of the client after a 429 without Retry-After', async () => {
    mock = await startMockAgnes({ rpm: 5, rpmWindowMs: 600 });
    const fetcher = agnesFetch({ ...local, ...fast, rpmWindowMs: 600 });
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () => post(fetcher).then((response) => response.status)),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    const firstBurst = mock.requests.slice(0, 12);
    expect(firstBurst.filter((request) => request.status === 429)).toHaveLength(7);
    // Every later request waited for the window to free: none slipped in during the pause.
    const firstLimited = firstBurst.find((request) => request.status === 429)?.time ?? 0;
    for (const request of mock.requests.slice(12))
      expect(request.time - firstLimited).toBeGreaterThanOrEqual(580);
    // The retries of the burst meet a fresh window: fewer 429s than the burst itself produced.
    expect(mock.requests.slice(12).filter((request) => request.status === 429).length).toBeLessThan(7);
  }, 10_000);

  it('rejects promptly when the caller aborts a rate-limit wait', async () => {
    mock = await startMockAgnes();
    const fetcher = agnesFetch({ ...local, rpm: 1, rpmWindowMs: 60_000 });
    expect((await post(fetcher)).status).toBe(200);
    const started = Date.now();
    const error = await post(fetcher, '/chat/completions', chatBody, {
      signal: AbortSignal.timeout(50),
    }).catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(500);
    expect(mock.requests).toHaveLength(1);
  });

  it('stops at the deadline instead of sleeping past it', async () => {
    mock = await startMockAgnes({ script: { '*': [{ status: 429, retryAfter: 5 }] } });
    const started = Date.now();
    const response = await post(agnesFetch({ ...local, deadlineMs: 1000 }));
    expect(response.status).toBe(429);
    expect(Date.now() - started).toBeLessThan(900);
    expect(getAgnesInfo(response)?.stop).toBe('deadline');
  });

  it('returns failures at once when the retry budget is exhausted', async () => {
    mock = await startMockAgnes({ script: { '*': Array(20).fill({ status: 503 }) } });
    const fetcher = agnesFetch({ ...local, ...fast, retryBudget: { capacity: 10, retryCost: 5 } });
    await post(fetcher);
    const second = await post(fetcher);
    expect(getAgnesInfo(second)?.stop).toBe('budget_exhausted');
    expect(mock.requests).toHaveLength(4);
  });
});

function fetchWithoutKey(): Promise<Response> {
  // The server's answer is under test: preflight would refuse a request without a key.
  return agnesFetch({ ...local, ...fast, preflight: 'off' })(`${mock.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: chatBody,
  });
}
