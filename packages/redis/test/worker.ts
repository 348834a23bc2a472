/**
 * One worker process of the multi-process test: `count` chat calls through agnesFetch with one API
 * key's limit, sharing it through Redis when a Redis URL is given. Prints one JSON line.
 * Usage: node --conditions=agnes-source worker.ts BASE_URL REDIS_URL|none COUNT RPM|learn|none WINDOW_MS [MAX_CONCURRENCY]
 */
import { agnesFetch } from '@agnes-errors/core';
import { createRedisStore } from '@agnes-errors/redis';
import { Redis } from 'ioredis';

/** The mock server listens on 127.0.0.1: an Agnes host for these tests (see the `hosts` option). */
const local = { hosts: ['127.0.0.1'] } as const;

const [baseURL, redisURL, count, rpm, windowMs, maxConcurrency] = process.argv.slice(2);
const redis = redisURL && redisURL !== 'none' ? new Redis(redisURL) : undefined;
// Four cold processes on a busy machine can take longer than the default 250 ms for a Redis round
// trip, and the store would then answer from its in-process fallback: these tests are about sharing,
// the outage fallback has tests of its own (fallback.test.ts).
const store = redis ? createRedisStore(redis, { prefix: 'multi:', timeoutMs: 2000 }) : undefined;
const fetcher = agnesFetch({
  ...local,
  // `learn`: no rpm, the limit is learned from the server's 429s.
  ...(rpm !== 'learn' && rpm !== 'none' && { rpm: Number(rpm) }),
  ...(maxConcurrency && { maxConcurrency: Number(maxConcurrency) }),
  rpmWindowMs: Number(windowMs),
  rateLimitKey: 'shared-key',
  maxRetries: 5,
  // Four cold processes open their first connections at once: allow for that arrival lag.
  rpmMarginMs: 300,
  ...(store && { store }),
});
const results = await Promise.all(
  Array.from({ length: Number(count) }, async () => {
    const response = await fetcher(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-multiprocess00000000000000', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.text();
    return response.ok;
  }),
);
console.log(
  JSON.stringify({ ok: results.filter(Boolean).length, failed: results.filter((ok) => !ok).length }),
);
redis?.disconnect();
