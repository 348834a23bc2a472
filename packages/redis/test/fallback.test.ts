import { agnesFetch } from '@agnes-errors/core';
import { createRedisStore, type RedisFallbackEvent } from '@agnes-errors/redis';
import { startMockAgnes } from '@agnes-errors/testing';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { hasRedisServer, startRedis } from './redis-server.ts';

/** The mock server listens on 127.0.0.1: an Agnes host for these tests (see the `hosts` option). */
const local = { hosts: ['127.0.0.1'] } as const;

const call = (fetcher: typeof fetch, baseURL: string) =>
  fetcher(`${baseURL}/models`, { headers: { authorization: 'Bearer sk-fallback000000000000000' } }).then(
    (response) => response.status,
  );

describe.skipIf(!hasRedisServer)('when Redis goes away', () => {
  it('falls back to the in-process limiter mid-run: no call hangs, none is lost, one event says so', async () => {
    const redis = await startRedis();
    const mock = await startMockAgnes();
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => {});
    const events: RedisFallbackEvent[] = [];
    let recovered = 0;
    const store = createRedisStore(client, {
      timeoutMs: 100,
      onOutage: (event) => events.push(event),
      onRecover: () => (recovered += 1),
    });
    const fetcher = agnesFetch({ ...local, rpm: 1000, rpmWindowMs: 60_000, store });
    try {
      const before = await Promise.all(Array.from({ length: 5 }, () => call(fetcher, mock.baseURL)));
      await redis.stop();
      const started = Date.now();
      const during = await Promise.all(Array.from({ length: 10 }, () => call(fetcher, mock.baseURL)));
      expect(Date.now() - started).toBeLessThan(2000);
      expect([...before, ...during].every((status) => status === 200)).toBe(true);
      expect(mock.requests).toHaveLength(15);
      expect(events).toHaveLength(1);
      expect(events[0]?.operation).toBe('acquire');
      expect(store.degraded).toBe(true);
      expect(recovered).toBe(0);
    } finally {
      client.disconnect();
      await mock.close();
    }
  });

  it("fails fast when asked: the call rejects with Redis's error instead of waiting", async () => {
    const client = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {});
    const store = createRedisStore(client, { timeoutMs: 100, onRedisError: 'fail' });
    const fetcher = agnesFetch({ ...local, rpm: 10, store });
    const started = Date.now();
    await expect(fetcher('http://127.0.0.1:1/v1/models')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
    client.disconnect();
  });
});

describe.skipIf(!hasRedisServer)('when Redis comes back', () => {
  it('pays no timeout per call while down, and counts no request twice after the offline queue replays', async () => {
    const redis = await startRedis();
    // ioredis's defaults: commands issued while disconnected wait in its offline queue and run on reconnect.
    const client = new Redis(redis.url, { retryStrategy: () => 50 });
    client.on('error', () => {});
    const inspect = new Redis(redis.url, { retryStrategy: () => 50 });
    inspect.on('error', () => {});
    let recovered = 0;
    const store = createRedisStore(client, {
      prefix: 'outage:',
      timeoutMs: 100,
      probeIntervalMs: 100,
      onRecover: () => (recovered += 1),
    });
    const window = { rpm: 1000, windowMs: 60_000 };
    const acquire = () => store.acquire('k', window, Date.now());
    try {
      await acquire();
      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Down for a while: 200 calls, each answered at once but for a probe every 100 ms.
      let slow = 0;
      for (let call = 0; call < 200; call += 1) {
        const before = Date.now();
        await acquire();
        if (Date.now() - before >= 90) slow += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(store.degraded).toBe(true);
      // Only the probes wait for Redis (about one call in 17 here); without the circuit all 200 would.
      expect(slow).toBeLessThan(40);
      await redis.restart();
      while (recovered === 0) {
        await acquire();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (let call = 0; call < 5; call += 1) await acquire();
      // Let the replayed probes run, and their releases after them.
      await new Promise((resolve) => setTimeout(resolve, 500));
      // The new server holds only what it answered itself: the probe that found it back, and 5 calls.
      // (Never settled here, they are all still in flight.)
      const counted = (await inspect.zcard('outage:{k}:log')) + (await inspect.zcard('outage:{k}:flight'));
      expect(counted).toBe(6);
    } finally {
      client.disconnect();
      inspect.disconnect();
      await redis.stop();
    }
  }, 30_000);
});
