import { MemoryRateLimitStore } from '@agnes-errors/core';
import { RateLimiter } from '@agnes-errors/core/adapter-kit';
import { describe, expect, it } from 'vitest';

describe('MemoryRateLimitStore', () => {
  it('never lets more than rpm requests start in any window', () => {
    const store = new MemoryRateLimitStore();
    const window = { rpm: 3, windowMs: 1000 };
    expect([0, 10, 20].map((now) => store.acquire('k', window, now))).toEqual([0, 0, 0]);
    expect(store.acquire('k', window, 30)).toBe(970);
    expect(store.acquire('k', window, 1000)).toBe(0);
    expect(store.acquire('k', window, 1001)).toBe(9);
    expect(store.acquire('other', window, 1001)).toBe(0);
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
    await limiter.acquire();
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
