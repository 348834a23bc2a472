import { MemoryRateLimitStore } from '@agnes-errors/core';
import { createRedisStore } from '@agnes-errors/redis';
import { Redis } from 'ioredis';
import { hasRedisServer, startRedis } from '../../packages/redis/test/redis-server.ts';
import { fixed, percentile, table } from './stats.ts';

/** Latency of one limiter acquire: in memory vs the shared Redis store on loopback. */
export async function redisAcquire(progress: (text: string) => void, count = 5000): Promise<string> {
  if (!hasRedisServer)
    return '### Redis store\n\nredis-server is not installed here: skipped (apt-get install redis-server).';
  progress('Redis acquire latency');
  const redis = await startRedis();
  const client = new Redis(redis.url);
  try {
    const window = { rpm: 1_000_000, windowMs: 60_000 };
    const measure = async (acquire: () => Promise<number> | number): Promise<number[]> => {
      const samples: number[] = [];
      for (let index = 0; index < count; index += 1) {
        const started = performance.now();
        await acquire();
        samples.push((performance.now() - started) * 1000);
      }
      return samples;
    };
    const memory = new MemoryRateLimitStore();
    const shared = createRedisStore(client, { prefix: 'bench:' });
    await measure(() => shared.acquire('warm', window, Date.now()));
    const rows = [
      ['in-memory store', ...summary(await measure(() => memory.acquire('k', window, Date.now())))],
      [
        'Redis store (ioredis, loopback)',
        ...summary(await measure(() => shared.acquire('k', window, Date.now()))),
      ],
    ];
    return [
      `### Limiter acquire latency (${count} sequential acquires)`,
      '',
      table(['store', 'p50 µs', 'p99 µs'], rows),
    ].join('\n');
  } finally {
    client.disconnect();
    await redis.stop();
  }
}

function summary(samples: number[]): string[] {
  return [fixed(percentile(samples, 0.5), 1), fixed(percentile(samples, 0.99), 1)];
}
