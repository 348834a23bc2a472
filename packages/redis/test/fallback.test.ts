import { agnesFetch } from '@agnes-errors/core';
import { createRedisStore, type RedisFallbackEvent } from '@agnes-errors/redis';
import { startMockAgnes } from '@agnes-errors/testing';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { hasRedisServer, startRedis } from './redis-server.ts';

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
      onFallback: (event) => events.push(event),
      onRecover: () => (recovered += 1),
    });
    const fetcher = agnesFetch({ rpm: 1000, rpmWindowMs: 60_000, store });
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
    const fetcher = agnesFetch({ rpm: 10, store });
    const started = Date.now();
    await expect(fetcher('http://127.0.0.1:1/v1/models')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
    client.disconnect();
  });
});
