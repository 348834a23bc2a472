import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startMockAgnes } from '@agnes-errors/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, startRedis, type TestRedis } from './redis-server.ts';

const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));
const run = promisify(execFile);
const workers = 4;
const callsPerWorker = 8;
const limit = 8;
const windowMs = 1000;

/** Four processes with one API key against a server that enforces the key's limit. */
async function storm(
  redisURL: string | undefined,
  rpm = String(limit),
): Promise<{ ok: number; failed: number; limited: number; attempts: number; limitedAfterBurst: number }> {
  const mock = await startMockAgnes({ rpm: limit, rpmWindowMs: windowMs });
  try {
    const outputs = await Promise.all(
      Array.from({ length: workers }, () =>
        run(
          process.execPath,
          [
            '--conditions=agnes-source',
            worker,
            mock.baseURL,
            redisURL ?? 'none',
            String(callsPerWorker),
            rpm,
            String(windowMs),
          ],
          {
            timeout: 60_000,
          },
        ),
      ),
    );
    const totals = outputs.map(
      ({ stdout }) => JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { ok: number; failed: number },
    );
    return {
      ok: totals.reduce((sum, total) => sum + total.ok, 0),
      failed: totals.reduce((sum, total) => sum + total.failed, 0),
      limited: mock.requests.filter((request) => request.status === 429).length,
      attempts: mock.requests.length,
      // 429s after the first burst (the requests in flight when the first 429 came back).
      limitedAfterBurst: mock.requests.filter(
        (request) =>
          request.status === 429 &&
          request.time - (mock.requests.find((first) => first.status === 429)?.time ?? 0) > windowMs / 2,
      ).length,
    };
  } finally {
    await mock.close();
  }
}

describe.skipIf(!hasRedisServer)('one limit across processes', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  it(`${workers} processes sharing the store: every call succeeds, at most one 429 in total`, async () => {
    const shared = await storm(redis.url);
    const alone = await storm(undefined);
    console.log(
      `shared store: ${shared.limited} x 429 in ${shared.attempts} attempts; per-process limiters: ${alone.limited} x 429 in ${alone.attempts} attempts`,
    );
    expect(shared.ok).toBe(workers * callsPerWorker);
    expect(shared.failed).toBe(0);
    expect(shared.limited).toBeLessThanOrEqual(1);
    // Without the shared store each process paces to the whole limit: the storm it prevents.
    expect(alone.limited).toBeGreaterThan(shared.limited + 5);
  }, 60_000);

  it(`${workers} processes sharing the store, no rpm: the limit learned once, then no 429`, async () => {
    const learned = await storm(redis.url, 'learn');
    console.log(
      `learned: ${learned.limited} x 429 in ${learned.attempts} attempts (${learned.limitedAfterBurst} after the first burst)`,
    );
    expect(learned.ok).toBe(workers * callsPerWorker);
    expect(learned.failed).toBe(0);
    expect(learned.limitedAfterBurst).toBe(0);
  }, 60_000);
});
