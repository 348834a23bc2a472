import { MemoryRateLimitStore, type RateLimitStore, type RateLimitWindow } from '@agnes-errors/core';
import { type RedisClientLike, runScript } from './client.ts';
import {
  acquireConcurrencyScript,
  acquireScript,
  answeredOkScript,
  learnedLimitScript,
  learnLimitScript,
  pauseScript,
  releaseConcurrencyScript,
  releaseScript,
  renewConcurrencyScript,
  settleScript,
} from './scripts.ts';

/** Sent when a Redis call fails or is too slow and the in-process limiter answers instead. */
export interface RedisFallbackEvent {
  readonly operation: 'acquire' | 'pause' | 'settle' | 'limit';
  readonly error: unknown;
}

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * Prefix of every key the store writes.
   * @default 'agnes:'
   */
  readonly prefix?: string;
  /**
   * Longest wait for Redis on one call, in ms; slower answers count as failures.
   * @default 250
   */
  readonly timeoutMs?: number;
  /**
   * When Redis is unreachable or slow: `fallback` to an in-process limiter (requests go on, paced
   * per process), or `fail` (the request rejects with the Redis error).
   * @default 'fallback'
   */
  readonly onRedisError?: 'fallback' | 'fail';
  /**
   * While Redis is known to be down, calls are answered by the in-process limiter at once, and one
   * call per this interval probes Redis (paying at most `timeoutMs`); a probe that answers ends the
   * outage.
   * @default 1000
   */
  readonly probeIntervalMs?: number;
  /**
   * Called when Redis is found down and the store falls back to the in-process limiter, once per
   * outage.
   * @default undefined
   */
  readonly onOutage?: ((event: RedisFallbackEvent) => void) | undefined;
  /**
   * @deprecated Use `onOutage` (`onFallback` is also the name of the fallback-model event of the
   * OpenAI, AI SDK and LangChain packages). Removed in the next minor version.
   */
  readonly onFallback?: ((event: RedisFallbackEvent) => void) | undefined;
  /**
   * Called when Redis answers again after a fallback.
   * @default undefined
   */
  readonly onRecover?: (() => void) | undefined;
}

/** A `RateLimitStore` in Redis, with its in-process fallback exposed for inspection. */
export interface RedisRateLimitStore extends RateLimitStore {
  /** The in-process store used while Redis is unavailable. */
  readonly fallback: MemoryRateLimitStore;
  /** True while the last Redis call failed. */
  readonly degraded: boolean;
  /**
   * Takes one of `limit` concurrency slots of `key` shared by every process, leased for `leaseMs`
   * (Redis's clock): a slot whose process died is free again when its lease runs out.
   */
  acquireConcurrency(
    key: string,
    limit: number,
    token: string,
    leaseMs: number,
    now?: number,
  ): Promise<boolean>;
  /** Extends the lease of a slot still in use. */
  renewConcurrency(key: string, token: string, leaseMs: number, now?: number): Promise<void>;
  /** Frees a slot. */
  releaseConcurrency(key: string, token: string): Promise<void>;
  /** Counts the slot taken at `takenAt` from when its answer arrived (Redis's clock). */
  settle(
    key: string,
    window: RateLimitWindow,
    takenAt: number,
    settledAt: number,
    ok?: boolean,
  ): Promise<void>;
  /** Frees the slot of a request the API refused without counting it (a rate-limit 429). */
  release(key: string, takenAt: number): Promise<void>;
  /** How many requests of `key` every process had answered successfully in the window. */
  answeredOk(key: string, windowMs: number, now: number): Promise<number>;
  /** The request limit learned for `key` by any process on this Redis. */
  learnedLimit(key: string): Promise<number | undefined>;
  /** Records the limit learned for `key`, for every process on this Redis (kept 24 hours). */
  learnLimit(key: string, rpm: number): Promise<void>;
}

class RedisTimeoutError extends Error {
  override readonly name = 'RedisTimeoutError';
}

/**
 * Resolves with the call's answer, or rejects after `ms`. A client with an offline queue (ioredis's
 * default) may still run the call later, on reconnect: `late` then receives its answer, so the
 * caller can undo it.
 */
function withTimeout<T>(promise: Promise<T>, ms: number, late?: (value: T) => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new RedisTimeoutError(`Redis did not answer within ${ms} ms`));
    }, ms);
  });
  promise.then((value) => (timedOut ? late?.(value) : undefined)).catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let memberCounter = 0;

/** Slots whose answer has not arrived yet, past which the oldest are forgotten (never settled). */
const maxOpenSlots = 10_000;
/** How long a learned limit is kept in Redis without being learned again. */
const learnedLimitTtlMs = 24 * 3_600_000;

/**
 * One Agnes rate limit shared by every process and machine that uses the same Redis and key: the
 * RPM window and the pause after a 429. Atomic by construction (each step is one Lua script) and
 * on Redis's clock. Works with ioredis and node-redis clients. A Redis outage never hangs a request:
 * each call is bounded by `timeoutMs`, then the in-process limiter answers (or the call fails, if
 * asked).
 *
 * @example
 * const store = createRedisStore(new Redis(process.env.REDIS_URL), { prefix: 'myapp:agnes:' });
 * attachAgnes(api, { rpm: 20, store, rateLimitKey: 'key-1' });
 */
export function createRedisStore(
  client: RedisClientLike,
  options: RedisStoreOptions = {},
): RedisRateLimitStore {
  const prefix = options.prefix ?? 'agnes:';
  const timeoutMs = options.timeoutMs ?? 250;
  const failFast = options.onRedisError === 'fail';
  const probeIntervalMs = options.probeIntervalMs ?? 1000;
  const fallback = new MemoryRateLimitStore();
  let degraded = false;
  let nextProbeAt = 0;
  // The hash tag keeps both keys of one limit in one cluster slot, as scripts require.
  const keys = (key: string): [string, string, string] => [
    `${prefix}{${key}}:log`,
    `${prefix}{${key}}:pause`,
    `${prefix}{${key}}:flight`,
  ];
  const limitKey = (key: string): string => `${prefix}{${key}}:limit`;
  const okKey = (key: string): string => `${prefix}{${key}}:ok`;
  const slotsKey = (key: string): string => `${prefix}{${key}}:slots`;
  // The Redis member (or the fallback) behind each slot taken, by key and stamp, until it is settled.
  const openSlots = new Map<string, string[]>();
  const slotId = (key: string, stamp: number): string => `${key}\u0000${stamp}`;
  const remember = (key: string, stamp: number, member: string): void => {
    const id = slotId(key, stamp);
    openSlots.set(id, [...(openSlots.get(id) ?? []), member]);
    if (openSlots.size > maxOpenSlots) openSlots.delete(openSlots.keys().next().value as string);
  };
  const recall = (key: string, stamp: number): string | undefined => {
    const id = slotId(key, stamp);
    const members = openSlots.get(id);
    const member = members?.shift();
    if (members?.length === 0) openSlots.delete(id);
    return member;
  };

  const guarded = async <T>(
    operation: RedisFallbackEvent['operation'],
    call: () => Promise<T>,
    local: () => T,
    late?: (value: T) => void,
  ): Promise<T> => {
    // Known to be down: answer at once, and let one call per interval probe.
    if (degraded && !failFast && Date.now() < nextProbeAt) return local();
    try {
      const result = await withTimeout(call(), timeoutMs, late);
      if (degraded) {
        degraded = false;
        options.onRecover?.();
      }
      return result;
    } catch (error) {
      if (failFast) throw error;
      nextProbeAt = Date.now() + probeIntervalMs;
      if (!degraded) {
        degraded = true;
        (options.onOutage ?? options.onFallback)?.({ operation, error });
      }
      return local();
    }
  };

  return {
    fallback,
    get degraded() {
      return degraded;
    },
    acquire(key: string, window: RateLimitWindow, now: number): Promise<number> {
      memberCounter += 1;
      const member = `${now}:${process.pid ?? 0}:${memberCounter}:${Math.random().toString(36).slice(2, 8)}`;
      return guarded(
        'acquire',
        async () => {
          const wait = Number(
            await runScript(client, acquireScript, keys(key), [
              String(window.rpm ?? ''),
              String(window.windowMs),
              member,
            ]),
          );
          if (wait === 0) remember(key, now, member);
          return wait;
        },
        () => {
          const wait = fallback.acquire(key, window, now);
          if (wait === 0) remember(key, now, '');
          return wait;
        },
        // Ran late, after this request went on through the fallback: take its slot back, so the
        // request is not counted twice in the shared window.
        (wait) => {
          if (wait === 0)
            runScript(client, releaseScript, [keys(key)[0], keys(key)[2]], [member]).catch(() => undefined);
        },
      );
    },
    async settle(
      key: string,
      window: RateLimitWindow,
      takenAt: number,
      settledAt: number,
      ok = false,
    ): Promise<void> {
      const member = recall(key, takenAt);
      if (member === undefined) return;
      // Taken from the fallback: settled there.
      if (member === '') return fallback.settle(key, window, takenAt, settledAt, ok);
      await guarded(
        'settle',
        async () => {
          await runScript(
            client,
            settleScript,
            [keys(key)[0], keys(key)[2], okKey(key)],
            [member, String(window.windowMs), ok ? '1' : '0'],
          );
        },
        () => undefined,
      );
    },
    async release(key: string, takenAt: number): Promise<void> {
      const member = recall(key, takenAt);
      if (member === undefined) return;
      if (member === '') return fallback.release(key, takenAt);
      await guarded(
        'settle',
        async () => {
          await runScript(client, releaseScript, [keys(key)[0], keys(key)[2]], [member]);
        },
        () => undefined,
      );
    },
    async answeredOk(key: string, windowMs: number, now: number): Promise<number> {
      return guarded(
        'limit',
        async () => Number(await runScript(client, answeredOkScript, [okKey(key)], [String(windowMs)])),
        () => fallback.answeredOk(key, windowMs, now),
      );
    },
    async learnedLimit(key: string): Promise<number | undefined> {
      return guarded(
        'limit',
        async () => {
          const value = Number(await runScript(client, learnedLimitScript, [limitKey(key)], []));
          return Number.isInteger(value) && value >= 1 ? value : undefined;
        },
        () => fallback.learnedLimit(key),
      );
    },
    async learnLimit(key: string, rpm: number): Promise<void> {
      fallback.learnLimit(key, rpm);
      await guarded(
        'limit',
        async () => {
          await runScript(
            client,
            learnLimitScript,
            [limitKey(key)],
            [String(rpm), String(learnedLimitTtlMs)],
          );
        },
        () => undefined,
      );
    },
    acquireConcurrency(key: string, limit: number, token: string, leaseMs: number): Promise<boolean> {
      return guarded(
        'acquire',
        async () =>
          Number(
            await runScript(
              client,
              acquireConcurrencyScript,
              [slotsKey(key)],
              [String(limit), token, String(Math.max(1, Math.ceil(leaseMs)))],
            ),
          ) === 1,
        // Redis down: each process keeps to its own cap.
        () => true,
        // Ran late, after the request went on without it: give the slot back, never count it twice.
        (granted) => {
          if (granted)
            runScript(client, releaseConcurrencyScript, [slotsKey(key)], [token]).catch(() => undefined);
        },
      );
    },
    async renewConcurrency(key: string, token: string, leaseMs: number): Promise<void> {
      await guarded(
        'settle',
        async () => {
          await runScript(
            client,
            renewConcurrencyScript,
            [slotsKey(key)],
            [token, String(Math.max(1, Math.ceil(leaseMs)))],
          );
        },
        () => undefined,
      );
    },
    async releaseConcurrency(key: string, token: string): Promise<void> {
      await guarded(
        'settle',
        async () => {
          await runScript(client, releaseConcurrencyScript, [slotsKey(key)], [token]);
        },
        () => undefined,
      );
    },
    pause(key: string, durationMs: number, now: number): Promise<void> {
      // Mirror the pause locally too, so a fallback during the pause still honours it.
      fallback.pause(key, durationMs, now);
      return guarded(
        'pause',
        async () => {
          await runScript(client, pauseScript, [keys(key)[1]], [String(Math.max(1, Math.ceil(durationMs)))]);
        },
        () => undefined,
      );
    },
  };
}
