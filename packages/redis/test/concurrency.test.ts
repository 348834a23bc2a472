import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createRedisStore } from '@agnes-errors/redis';
import { startMockAgnes } from '@agnes-errors/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, startRedis, type TestRedis } from './redis-server.ts';

const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));
const run = promisify(execFile);

describe.skipIf(!hasRedisServer)('maxConcurrency shared through Redis', () => {
  let redis: TestRedis;
  let first: Redis;
  let second: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    first = new Redis(redis.url);
    second = new Redis(redis.url);
  });
  afterAll(async () => {
    first.disconnect();
    second.disconnect();
    await redis.stop();
  });

  it('two processes count against one total, and a freed slot is taken by the other', async () => {
    const a = createRedisStore(first, { prefix: 'conc-share:' });
    const b = createRedisStore(second, { prefix: 'conc-share:' });
    expect(await a.acquireConcurrency('k', 2, 'a1', 30_000)).toBe(true);
    expect(await a.acquireConcurrency('k', 2, 'a2', 30_000)).toBe(true);
    expect(await b.acquireConcurrency('k', 2, 'b1', 30_000)).toBe(false);
    await a.releaseConcurrency('k', 'a1');
    expect(await b.acquireConcurrency('k', 2, 'b1', 30_000)).toBe(true);
    expect(await a.acquireConcurrency('k', 2, 'a3', 30_000)).toBe(false);
  });

  it('frees the slots of a process that died once their lease runs out; a renewed lease lives on', async () => {
    const dead = createRedisStore(first, { prefix: 'conc-lease:' });
    const alive = createRedisStore(second, { prefix: 'conc-lease:' });
    expect(await dead.acquireConcurrency('k', 2, 'dead', 200)).toBe(true);
    expect(await alive.acquireConcurrency('k', 2, 'alive', 200)).toBe(true);
    expect(await alive.acquireConcurrency('k', 2, 'waiting', 200)).toBe(false);
    // The live process renews its slot; the dead one never does.
    await new Promise((resolve) => setTimeout(resolve, 120));
    await alive.renewConcurrency('k', 'alive', 200);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await alive.acquireConcurrency('k', 2, 'waiting', 200)).toBe(true);
    // Two held now (the renewed one and the new one): nothing was counted twice.
    expect(await alive.acquireConcurrency('k', 2, 'more', 200)).toBe(false);
  });

  it('4 processes with maxConcurrency 3 never have more than 3 requests at the server', async () => {
    const mock = await startMockAgnes({ overload: { baseLatencyMs: 30, perRequestMs: 0, queueLimit: 100 } });
    try {
      const outputs = await Promise.all(
        Array.from({ length: 4 }, () =>
          run(
            process.execPath,
            ['--conditions=agnes-source', worker, mock.baseURL, redis.url, '6', 'none', '1000', '3'],
            { timeout: 60_000 },
          ),
        ),
      );
      const totals = outputs.map(
        ({ stdout }) => JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { ok: number; failed: number },
      );
      expect(totals.reduce((sum, total) => sum + total.ok, 0)).toBe(24);
      expect(mock.peakWorking).toBeLessThanOrEqual(3);
      expect(mock.requests).toHaveLength(24);
    } finally {
      await mock.close();
    }
  }, 60_000);
});
