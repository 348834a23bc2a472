import { agnesFetch } from '@agnes-errors/core';
import { createRedisStore } from '@agnes-errors/redis';
import { startMockAgnes } from '@agnes-errors/testing';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, startRedis, type TestRedis } from './redis-server.ts';

describe.skipIf(!hasRedisServer)('createRedisStore against a real redis-server', () => {
  let redis: TestRedis;
  let ioredis: Redis;
  let nodeRedis: ReturnType<typeof createClient>;
  beforeAll(async () => {
    redis = await startRedis();
    ioredis = new Redis(redis.url);
    nodeRedis = createClient({ url: redis.url });
    await nodeRedis.connect();
  });
  afterAll(async () => {
    ioredis.disconnect();
    await nodeRedis.quit();
    await redis.stop();
  });

  for (const [name, client] of [
    ['ioredis', () => ioredis],
    ['node-redis', () => nodeRedis],
  ] as const) {
    it(`${name}: lets rpm requests start per window, then answers the wait`, async () => {
      const store = createRedisStore(client(), { prefix: `test:${name}:` });
      const window = { rpm: 3, windowMs: 400 };
      const answers = [];
      for (let index = 0; index < 4; index += 1) {
        const now = Date.now();
        const wait = await store.acquire('key-a', window, now);
        // Answered at once.
        if (wait === 0) await store.settle('key-a', window, now, Date.now());
        answers.push(wait);
      }
      expect(answers.slice(0, 3)).toEqual([0, 0, 0]);
      expect(answers[3]).toBeGreaterThan(300);
      expect(answers[3]).toBeLessThanOrEqual(400);
      expect(await store.acquire('key-b', window, Date.now())).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 420));
      expect(await store.acquire('key-a', window, Date.now())).toBe(0);
    });

    it(`${name}: a slot in flight counts until its answer; a late answer moves it later`, async () => {
      const store = createRedisStore(client(), { prefix: `test:${name}:settle:` });
      const window = { rpm: 1, windowMs: 300 };
      const taken = Date.now();
      expect(await store.acquire('k', window, taken)).toBe(0);
      // Still in flight: it leaves no earlier than a window from now.
      const inFlight = await store.acquire('k', window, Date.now());
      expect(inFlight).toBeGreaterThan(250);
      expect(inFlight).toBeLessThanOrEqual(300);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await store.settle('k', window, taken, Date.now());
      const wait = await store.acquire('k', window, Date.now());
      expect(wait).toBeGreaterThan(250);
      expect(wait).toBeLessThanOrEqual(300);
    });

    it(`${name}: a learned limit is shared by every store on the same Redis and key`, async () => {
      const first = createRedisStore(client(), { prefix: `test:${name}:learn:` });
      const second = createRedisStore(client(), { prefix: `test:${name}:learn:` });
      expect(await second.learnedLimit('k')).toBeUndefined();
      await first.learnLimit('k', 17);
      expect(await second.learnedLimit('k')).toBe(17);
      expect(await second.learnedLimit('other')).toBeUndefined();
    });

    it(`${name}: holds every request of a key during a pause, the longest pause winning`, async () => {
      const store = createRedisStore(client(), { prefix: `test:${name}:pause:` });
      await store.pause('k', 300, Date.now());
      await store.pause('k', 50, Date.now());
      const wait = await store.acquire('k', { rpm: undefined, windowMs: 1000 }, Date.now());
      expect(wait).toBeGreaterThan(200);
      expect(wait).toBeLessThanOrEqual(300);
      expect(store.degraded).toBe(false);
    });
  }

  it('writes only prefixed keys that expire', async () => {
    const store = createRedisStore(ioredis, { prefix: 'test:keys:' });
    await store.acquire('k', { rpm: 5, windowMs: 1000 }, Date.now());
    await store.pause('k', 500, Date.now());
    await store.learnLimit('k', 20);
    const keys = (await ioredis.keys('test:keys:*')).sort();
    expect(keys).toEqual(['test:keys:{k}:flight', 'test:keys:{k}:limit', 'test:keys:{k}:pause']);
    for (const key of keys) expect(await ioredis.pttl(key)).toBeGreaterThan(0);
  });

  it('under the default key, two clients sending one API key to one origin share one limit; no key is stored', async () => {
    const mock = await startMockAgnes();
    try {
      const apiKey = 'sk-redisdefault0123456789abcd';
      const store = createRedisStore(ioredis, { prefix: 'test:default:' });
      const waits: number[] = [];
      // Two clients (as two processes would be): no rateLimitKey, so the key is the origin and the key's fingerprint.
      const clients = [1, 2].map(() =>
        agnesFetch({
          baseURL: mock.baseURL,
          store,
          rpm: 2,
          rpmWindowMs: 400,
          rpmMarginMs: 0,
          onWait: (event) => waits.push(event.waitMs),
        }),
      );
      const init = { headers: { authorization: `Bearer ${apiKey}` } };
      for (const client of [...clients, ...clients])
        expect((await client(`${mock.baseURL}/models`, init)).status).toBe(200);
      // Four requests at rpm 2 across the two clients: the second pair waited for the shared window.
      expect(waits.length).toBeGreaterThan(0);
      const keys = await ioredis.keys('test:default:*');
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toContain(new URL(mock.baseURL).origin);
        expect(key).not.toContain(apiKey);
        expect(key).not.toContain(apiKey.slice(3, 15));
      }
    } finally {
      await mock.close();
    }
  });
});
