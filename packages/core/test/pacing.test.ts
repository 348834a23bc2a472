import { type AgnesFetchOptions, agnesFetch } from '@agnes-errors/core';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';

/** The mock server listens on 127.0.0.1: an Agnes host for these tests (see the `hosts` option). */
const local = { hosts: ['127.0.0.1'] } as const;

const key = 'sk-pacingtest0123456789abcdef';
let mock: MockAgnes;
afterEach(async () => {
  await mock?.close();
});

const chatBody = JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
const fast: AgnesFetchOptions = { baseDelayMs: 5, maxDelayMs: 20 };
const post = (fetcher: typeof fetch) =>
  fetcher(`${mock.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: chatBody,
  });

/** Runs `total` calls from `workers` concurrent workers; resolves with the statuses callers got. */
async function storm(fetcher: typeof fetch, total: number, workers: number): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) {
        next += 1;
        statuses.push((await post(fetcher)).status);
      }
    }),
  );
  return statuses;
}

describe('adaptive pacing: no rpm configured, the server limit learned', () => {
  it('learns a hidden limit from the first 429s and then sends no further 429', async () => {
    mock = await startMockAgnes({ rpm: 8, rpmWindowMs: 400 });
    const fetcher = agnesFetch({ ...local, ...fast, rpmWindowMs: 400 });
    const statuses = await storm(fetcher, 32, 4);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const limited = mock.requests.filter((request) => request.status === 429);
    // Only the requests already in flight when the first 429 came back (at most the 4 workers).
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.length).toBeLessThanOrEqual(4);
    const first = limited[0]?.time ?? 0;
    for (const request of limited) expect(request.time - first).toBeLessThan(100);
    expect(fetcher.controller.limiter.limit).toBe(8);
  });

  it('takes the limit a 429 announces in its headers', async () => {
    mock = await startMockAgnes({
      script: { '*': [{ status: 429, retryAfterMs: 20, headers: { 'x-ratelimit-limit-requests': '3' } }] },
    });
    const fetcher = agnesFetch({ ...local, ...fast });
    expect((await post(fetcher)).status).toBe(200);
    expect(fetcher.controller.limiter.limit).toBe(3);
  });

  it('a 429 on the very first request teaches nothing: the pause only', async () => {
    mock = await startMockAgnes({ script: { '*': [{ status: 429, retryAfterMs: 20 }] } });
    const fetcher = agnesFetch({ ...local, ...fast });
    expect((await post(fetcher)).status).toBe(200);
    expect(fetcher.controller.limiter.limit).toBeUndefined();
  });
});

describe('pacing holds under lag', () => {
  it('2,000 concurrent calls at rpm 1000: all succeed, at most 1% 429s', async () => {
    mock = await startMockAgnes({ rpm: 1000, rpmWindowMs: 1000 });
    const fetcher = agnesFetch({ ...local, ...fast, rpm: 1000, rpmWindowMs: 1000 });
    const statuses = await Promise.all(
      Array.from({ length: 2000 }, () => post(fetcher).then((r) => r.status)),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(2000);
    const limited = mock.requests.filter((request) => request.status === 429).length;
    expect(limited).toBeLessThanOrEqual(20);
  }, 30_000);

  it('a busy event loop (a request answered late) does not push two windows into one', async () => {
    mock = await startMockAgnes({ rpm: 5, rpmWindowMs: 300 });
    const fetcher = agnesFetch({ ...local, ...fast, rpm: 5, rpmWindowMs: 300, rpmMarginMs: 0 });
    // Block the loop for 150 ms right after the first burst is sent: the requests reach the server late.
    const burst = Array.from({ length: 5 }, () => post(fetcher));
    const until = Date.now() + 150;
    while (Date.now() < until) {
      // busy
    }
    await Promise.all([...burst, ...Array.from({ length: 10 }, () => post(fetcher))]);
    expect(mock.requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(mock.requests).toHaveLength(15);
  });
});
