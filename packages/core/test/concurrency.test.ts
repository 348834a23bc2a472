import {
  type AgnesFetchOptions,
  agnesFetch,
  type ConcurrencyChangeEvent,
  MemoryRateLimitStore,
} from '@agnes-errors/core';
import { AgnesController } from '@agnes-errors/core/adapter-kit';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ConcurrencyLimiter, type ConcurrencySlot } from '../src/rate-limit/concurrency.ts';

const key = 'sk-concurrencytest0123456789abcdef';
let mock: MockAgnes | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const chatBody = JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
// The mock server listens on 127.0.0.1: an Agnes host for these tests (see the `hosts` option).
const fast: AgnesFetchOptions = { baseDelayMs: 5, maxDelayMs: 20, retryBudget: false, hosts: ['127.0.0.1'] };
const post = (fetcher: typeof fetch, baseURL: string, signal?: AbortSignal) =>
  fetcher(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: chatBody,
    ...(signal && { signal }),
  });

describe('maxConcurrency: a number is a hard cap', () => {
  it('never has more requests in flight than the cap, as the server counts them', async () => {
    mock = await startMockAgnes({ overload: { baseLatencyMs: 20, perRequestMs: 0, queueLimit: 100 } });
    const fetcher = agnesFetch({ ...fast, maxConcurrency: 3 });
    const baseURL = mock.baseURL;
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => post(fetcher, baseURL).then((response) => response.status)),
    );
    expect(statuses).toEqual(Array(20).fill(200));
    expect(mock.peakWorking).toBe(3);
    expect(mock.requests).toHaveLength(20);
  });

  it('without a cap, the same calls are all in flight at once', async () => {
    mock = await startMockAgnes({ overload: { baseLatencyMs: 20, perRequestMs: 0, queueLimit: 100 } });
    const fetcher = agnesFetch(fast);
    const baseURL = mock.baseURL;
    await Promise.all(Array.from({ length: 20 }, () => post(fetcher, baseURL)));
    // All sent at once (a loaded machine may stagger the first few).
    expect(mock.peakWorking).toBeGreaterThan(10);
  });

  it("the caller's abort ends a wait for a slot at once, and nothing is sent", async () => {
    mock = await startMockAgnes({ script: { '*': [{ delayMs: 400 }] } });
    const fetcher = agnesFetch({ ...fast, maxConcurrency: 1 });
    const first = post(fetcher, mock.baseURL);
    const caller = new AbortController();
    const second = post(fetcher, mock.baseURL, caller.signal);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const abortedAt = Date.now();
    caller.abort();
    const error = await second.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(Date.now() - abortedAt).toBeLessThan(50);
    expect((error as Error).name).toBe('AbortError');
    expect((await first).status).toBe(200);
    expect(mock.requests).toHaveLength(1);
  });

  it('the deadline ends a wait for a slot with a timeout diagnosis, and nothing is sent', async () => {
    mock = await startMockAgnes({ script: { '*': [{ delayMs: 400 }] } });
    const controller = new AgnesController({ ...fast, maxConcurrency: 1 });
    // A call without a deadline holds the only slot for 400 ms.
    const first = post(agnesFetch({ controller, baseURL: mock.baseURL }), mock.baseURL);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const startedAt = Date.now();
    let attempted = false;
    const outcome = await controller.begin({ overrides: { deadlineMs: 100 } }).run(async () => {
      attempted = true;
      return { ok: true, value: undefined };
    });
    expect(Date.now() - startedAt).toBeLessThan(250);
    expect(attempted).toBe(false);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.info).toMatchObject({ reason: 'client_timeout', stop: 'deadline', attempts: 0 });
      expect((outcome.error as Error).message).toMatch(/deadline/);
    }
    expect((await first).status).toBe(200);
    expect(mock.requests).toHaveLength(1);
  });

  it('serves waiters in the order they came', async () => {
    const limiter = new ConcurrencyLimiter({
      mode: 1,
      store: new MemoryRateLimitStore(),
      key: 'k',
      now: Date.now,
      leaseMs: 30_000,
    });
    const held = await limiter.acquire();
    const order: number[] = [];
    const waiting = [1, 2, 3].map((index) =>
      limiter.acquire().then((slot) => {
        order.push(index);
        return slot;
      }),
    );
    limiter.release(held, { overload: false, latencyMs: 1 });
    let slot = await waiting[0];
    for (const next of [1, 2]) {
      limiter.release(slot as ConcurrencySlot, { overload: false, latencyMs: 1 });
      slot = await waiting[next];
    }
    expect(order).toEqual([1, 2, 3]);
  });
});

describe("maxConcurrency: 'auto'", () => {
  const answer = (overload: boolean, latencyMs = 20) => ({ overload, latencyMs });

  it('sets the limit to what the provider served, lowers it once per episode, probes up slowly', async () => {
    let now = 0;
    const events: ConcurrencyChangeEvent[] = [];
    const limiter = new ConcurrencyLimiter({
      mode: 'auto',
      store: new MemoryRateLimitStore(),
      key: 'k',
      now: () => now,
      leaseMs: 30_000,
      onChange: (event) => events.push(event),
    });
    expect(limiter.limit).toBe(Number.POSITIVE_INFINITY);
    // A burst of 8 at once: 4 come back healthy, then the first 504.
    const burst = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));
    now = 50;
    for (const slot of burst.slice(0, 4)) limiter.release(slot, answer(false));
    now = 300;
    limiter.release(burst[4] as ConcurrencySlot, answer(true));
    expect(limiter.limit).toBe(4);
    // More 504s of the same burst (sent before the decrease): one signal, no further decrease.
    for (const slot of burst.slice(5)) limiter.release(slot, answer(true));
    expect(limiter.limit).toBe(4);
    // A request sent after it that meets overload again: a quarter off.
    now = 400;
    const later = await limiter.acquire();
    now = 450;
    limiter.release(later, answer(true));
    expect(limiter.limit).toBe(3);
    expect(events.map((event) => [event.to, event.why])).toEqual([
      [4, 'overload'],
      [3, 'overload'],
    ]);
    // Healthy answers while the limit is in use: one more slot per 4 x limit answers.
    now = 500;
    const held = await Promise.all(Array.from({ length: 3 }, () => limiter.acquire()));
    for (let round = 0; round < 14; round += 1) {
      limiter.release(held.shift() as ConcurrencySlot, answer(false));
      held.push(await limiter.acquire());
    }
    expect(limiter.limit).toBeGreaterThanOrEqual(4);
    expect(limiter.limit).toBeLessThan(5);
    expect(events.at(-1)).toMatchObject({ to: 4, why: 'healthy' });
  });

  it('lowers the limit under a real overload: every call lives, with far fewer 504s than uncapped', async () => {
    const overload = { baseLatencyMs: 10, perRequestMs: 5, queueLimit: 6, gatewayTimeoutMs: 60 };
    const run = async (options: AgnesFetchOptions) => {
      const server = await startMockAgnes({ overload });
      try {
        const fetcher = agnesFetch({ ...fast, maxRetries: 10, ...options });
        const statuses = await Promise.all(
          Array.from({ length: 40 }, () => post(fetcher, server.baseURL).then((response) => response.status)),
        );
        const gatewayTimeouts = server.requests.filter((request) => request.status === 504).length;
        return { statuses, gatewayTimeouts, limit: fetcher.controller.concurrency?.limit };
      } finally {
        await server.close();
      }
    };
    const uncapped = await run({});
    const events: ConcurrencyChangeEvent[] = [];
    const adaptive = await run({
      maxConcurrency: 'auto',
      onConcurrencyChange: (event) => events.push(event),
    });
    expect(adaptive.statuses).toEqual(Array(40).fill(200));
    expect(events.some((event) => event.why === 'overload')).toBe(true);
    expect(adaptive.limit).toBeLessThan(40);
    // The first burst meets the queue limit either way; after it the adaptive limit keeps under it.
    expect(adaptive.gatewayTimeouts).toBeLessThan(uncapped.gatewayTimeouts * 0.75);
  });

  it('is rejected when it is neither a positive integer nor auto', () => {
    expect(() => agnesFetch({ maxConcurrency: 0 })).toThrow(/maxConcurrency/);
    expect(() => agnesFetch({ maxConcurrency: 2.5 })).toThrow(/maxConcurrency/);
    expect(() => agnesFetch({ maxConcurrency: 'on' as never })).toThrow(/maxConcurrency/);
  });
});
