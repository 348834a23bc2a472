import { MemoryRateLimitStore } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/rate-limit/limiter.ts';

describe('MemoryRateLimitStore', () => {
  it('never lets more than rpm requests start in any window', () => {
    const store = new MemoryRateLimitStore();
    const window = { rpm: 3, windowMs: 1000 };
    // Each answered at once.
    const take = (now: number) => {
      const wait = store.acquire('k', window, now);
      if (wait === 0) store.settle('k', window, now, now);
      return wait;
    };
    expect([0, 10, 20].map(take)).toEqual([0, 0, 0]);
    expect(take(30)).toBe(970);
    expect(take(1000)).toBe(0);
    expect(take(1001)).toBe(9);
    expect(store.acquire('other', window, 1001)).toBe(0);
  });

  it('a slot still in flight counts as answered a window after it was taken', () => {
    const store = new MemoryRateLimitStore();
    const window = { rpm: 1, windowMs: 1000 };
    expect(store.acquire('k', window, 0)).toBe(0);
    expect(store.acquire('k', window, 1000)).toBe(1000);
    expect(store.acquire('k', window, 2000)).toBe(0);
  });

  it('holds every request during a pause, the longest pause winning', () => {
    const store = new MemoryRateLimitStore();
    store.pause('k', 500, 100);
    store.pause('k', 100, 100);
    expect(store.acquire('k', { rpm: undefined, windowMs: 1000 }, 200)).toBe(400);
    expect(store.acquire('k', { rpm: undefined, windowMs: 1000 }, 600)).toBe(0);
  });
});

describe('RateLimiter', () => {
  it('waits for the window with an injected clock and reports the wait', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter({
      store: new MemoryRateLimitStore(),
      key: 'k',
      window: { rpm: 1, windowMs: 50 },
      now: () => now,
      onWait: ({ waitMs }) => {
        waits.push(waitMs);
        now += waitMs;
      },
    });
    limiter.settle(await limiter.acquire(), true);
    await limiter.acquire();
    expect(waits).toEqual([50]);
  });

  it('rejects at once when the signal aborts during a wait, leaving no timer', async () => {
    const limiter = new RateLimiter({
      store: new MemoryRateLimitStore(),
      key: 'k',
      window: { rpm: 1, windowMs: 60_000 },
      now: Date.now,
    });
    await limiter.acquire();
    const controller = new AbortController();
    const started = Date.now();
    const waiting = limiter.acquire(controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(waiting).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('slots counted from their answer', () => {
  it('a settled slot is reused a window after its answer, not after it was taken', () => {
    const store = new MemoryRateLimitStore();
    const window = { rpm: 2, windowMs: 1000 };
    expect(store.acquire('k', window, 0)).toBe(0);
    expect(store.acquire('k', window, 0)).toBe(0);
    // The first request reached the server late and was answered at 800; the second at once.
    store.settle('k', window, 0, 800);
    store.settle('k', window, 0, 0);
    expect(store.acquire('k', window, 1000)).toBe(0);
    expect(store.acquire('k', window, 1000)).toBe(800);
    expect(store.acquire('k', window, 1800)).toBe(0);
  });

  it('a slot answered after a long delay counts from its answer; one that expired first is gone', () => {
    const store = new MemoryRateLimitStore();
    const window = { rpm: 1, windowMs: 1000 };
    store.acquire('k', window, 0);
    store.settle('k', window, 0, 1500);
    expect(store.acquire('k', window, 2000)).toBe(500);
    expect(store.acquire('k', window, 2500)).toBe(0);
    // Never answered before it expired (a window after its provisional stamp): a late answer adds nothing.
    store.settle('k', window, 2500, 2600);
    expect(store.acquire('k', window, 4500)).toBe(0);
    store.settle('k', window, 2500, 4600);
    // Only the request sent at 4500 (in flight): it leaves no earlier than a window from now.
    expect(store.acquire('k', window, 4700)).toBe(1000);
  });
});

describe('a request refused without being counted', () => {
  it('frees its slot at once (a rate-limit 429)', () => {
    const store = new MemoryRateLimitStore();
    const window = { rpm: 1, windowMs: 1000 };
    expect(store.acquire('k', window, 0)).toBe(0);
    store.release('k', 0);
    expect(store.acquire('k', window, 10)).toBe(0);
    expect(store.acquire('k', window, 20)).toBe(1000);
  });
});

describe('a limit learned from the server', () => {
  const limiterAt = (clock: { now: number }, rpm?: number) =>
    new RateLimiter({
      store: new MemoryRateLimitStore(),
      key: 'k',
      window: { rpm, windowMs: 1000 },
      now: () => clock.now,
    });

  it('without rpm: the successes of the window before the first 429, then paced to it', async () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock);
    expect(limiter.limit).toBeUndefined();
    const stamps = await Promise.all(Array.from({ length: 7 }, () => limiter.acquire()));
    for (const stamp of stamps.slice(0, 5)) limiter.settle(stamp, true);
    for (const stamp of stamps.slice(5)) limiter.settle(stamp, false);
    await limiter.learn(undefined, stamps[5]);
    expect(limiter.limit).toBe(5);
    // The rest of the same burst (sent before the limit was learned) changes nothing.
    await limiter.learn(undefined, stamps[6]);
    expect(limiter.limit).toBe(5);
    // A 429 of a request sent while paced to it: one less.
    clock.now = 2000;
    const paced = await limiter.acquire();
    await limiter.learn(undefined, paced);
    expect(limiter.limit).toBe(4);
  });

  it('what the headers announce wins, and a configured rpm stays a ceiling', async () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock, 30);
    await limiter.learn(50);
    expect(limiter.limit).toBe(30);
    await limiter.learn(12);
    expect(limiter.limit).toBe(12);
  });

  it('is shared through the store: another client with the same store and key paces to it', async () => {
    const clock = { now: 0 };
    const store = new MemoryRateLimitStore();
    const make = () =>
      new RateLimiter({ store, key: 'k', window: { rpm: undefined, windowMs: 1000 }, now: () => clock.now });
    const first = make();
    const second = make();
    await first.learn(9);
    await second.acquire();
    expect(second.limit).toBe(9);
  });
});

describe('limitFromHeaders', () => {
  it('reads the limit headers servers send, and ignores nonsense', async () => {
    const { limitFromHeaders } = await import('../src/rate-limit/limit-header.ts');
    const read = (headers: Record<string, string>) => limitFromHeaders(new Map(Object.entries(headers)));
    expect(read({ 'x-ratelimit-limit-requests': '1000' })).toBe(1000);
    expect(read({ 'x-ratelimit-limit': '20' })).toBe(20);
    expect(read({ 'ratelimit-limit': '40, 40;w=60' })).toBe(40);
    expect(read({ 'ratelimit-policy': '"default";q=20;w=60' })).toBe(20);
    expect(read({ 'ratelimit-policy': '20;w=60' })).toBe(20);
    expect(read({ ratelimit: 'limit=20, remaining=0, reset=5' })).toBe(20);
    for (const nonsense of ['0', '-3', 'abc', '1e99', '99999999999'])
      expect(read({ 'x-ratelimit-limit': nonsense })).toBeUndefined();
    expect(read({})).toBeUndefined();
  });
});
