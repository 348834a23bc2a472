import { type AgnesFailure, classify, RetryBudget } from '@agnes-errors/core';
import { normalizeOptions } from '@agnes-errors/core/adapter-kit';
import { describe, expect, it } from 'vitest';
import { decide } from '../src/call/decide.ts';
import { catalogueStatuses } from '../src/catalogue/index.ts';

/**
 * The one decision after a failed attempt (`decide`), pinned over status x endpoint x method x what
 * pacing knows of the limit x a server-requested wait. The expected outcome is written out here
 * from ARCHITECTURE.md ("The policy"), independently of the code: retry or stop, the wait, the
 * shared pause, the budget cost and the fallback-model signal.
 */
const base = 'https://apihub.agnes-ai.com';
const endpoints = ['/v1/chat/completions', '/v1/videos', '/v1/custom/thing'];
const methods = ['GET', 'POST'];
const statuses = [...catalogueStatuses, 418, 501];
const windowMs = 3000;
const retryCost = 5;
const timeoutCost = 10;

/** Statuses the server cannot have acted on: a POST may be replayed anywhere after them. */
const safe = new Set([408, 429, 503, 522]);
/** Retried by default (the catalogue's retried statuses, unknown 5xx by HTTP). */
const retried = (status: number) =>
  [408, 429, 499, 500, 502, 503, 504, 520, 522, 524].includes(status) ||
  (status >= 500 && ![...catalogueStatuses].includes(status as never));
const synchronous = (path: string) => path === '/v1/chat/completions';

interface Row {
  readonly status: number;
  readonly path: string;
  readonly method: string;
  readonly limitKnown: boolean;
  readonly retryAfterMs: number | undefined;
}

function expected(row: Row) {
  const { status, path, method, limitKnown, retryAfterMs } = row;
  const rateLimit = status === 429;
  const pause =
    rateLimit && (!limitKnown || retryAfterMs !== undefined) ? (retryAfterMs ?? windowMs) : undefined;
  const replayable = method === 'GET' || safe.has(status) || synchronous(path);
  if (!retried(status) || !replayable) {
    return { retry: false, pauseMs: pause, fallback: false };
  }
  const slow = status === 504 || status === 524;
  const delayMs =
    retryAfterMs ?? (rateLimit ? (limitKnown ? 0 : windowMs) : (slow ? 200 : 100) * 0.5) /* random 0.5 */;
  return { retry: true, delayMs, pauseMs: pause, budgetCost: retryCost };
}

function rows(): Row[] {
  const all: Row[] = [];
  for (const status of statuses)
    for (const path of endpoints)
      for (const method of methods)
        for (const limitKnown of [false, true])
          for (const retryAfterMs of [undefined, 2000])
            all.push({ status, path, method, limitKnown, retryAfterMs });
  return all;
}

describe('decide: the one decision after a failure', () => {
  const options = normalizeOptions({ rpmWindowMs: windowMs, baseDelayMs: 100, random: () => 0.5 });
  const budget = new RetryBudget({ retryCost, timeoutCost });

  it.each(rows())('$status $method $path, limit known: $limitKnown, Retry-After: $retryAfterMs', (row) => {
    const failure: AgnesFailure = {
      status: row.status,
      method: row.method,
      url: `${base}${row.path}`,
      responseHeaders:
        row.retryAfterMs === undefined ? {} : { 'retry-after': String(row.retryAfterMs / 1000) },
    };
    const info = classify(failure, {
      replay: options.replay,
      alwaysRetryStatuses: options.alwaysRetryStatuses,
    });
    const decision = decide(info, 1, { options, elapsedMs: 0, budget, limitKnown: row.limitKnown });
    const want = expected(row);
    expect(decision.retry).toBe(want.retry);
    expect(decision.pauseMs).toBe(want.pauseMs);
    if (decision.retry) {
      expect(decision.delayMs).toBe(want.delayMs);
      expect(decision.budgetCost).toBe(want.budgetCost);
    } else {
      expect(decision.stop).toBe(info.stop ?? 'not_retryable');
      expect(decision.fallback ?? false).toBe(want.fallback);
    }
  });

  it('asks for a fallback model after an unknown model, and after 503s that outlasted the retries', () => {
    const unknownModel = classify({
      status: 404,
      method: 'POST',
      url: `${base}/v1/chat/completions`,
      responseBody: { error: { message: 'model agnes-9 not found', code: 'model_not_found' } },
    });
    expect(unknownModel.reason).toBe('model_not_found');
    expect(decide(unknownModel, 1, { options, elapsedMs: 0 })).toMatchObject({
      retry: false,
      fallback: true,
    });
    const unavailable = classify({ status: 503, method: 'POST', url: `${base}/v1/chat/completions` });
    expect(decide(unavailable, options.maxRetries + 1, { options, elapsedMs: 0 })).toMatchObject({
      retry: false,
      stop: 'max_retries',
      fallback: true,
    });
    expect(decide(unavailable, 1, { options, elapsedMs: 0 })).toMatchObject({ retry: true });
  });

  it('a retry after a client timeout costs the timeout price; an empty budget stops', () => {
    const timeout = classify({ condition: 'timeout', method: 'POST', url: `${base}/v1/chat/completions` });
    expect(decide(timeout, 1, { options, elapsedMs: 0, budget })).toMatchObject({
      retry: true,
      budgetCost: timeoutCost,
    });
    const empty = new RetryBudget({ capacity: 4, retryCost });
    const unavailable = classify({ status: 503, method: 'POST', url: `${base}/v1/chat/completions` });
    expect(decide(unavailable, 1, { options, elapsedMs: 0, budget: empty })).toMatchObject({
      retry: false,
      stop: 'budget_exhausted',
    });
  });

  it('a 429 whose wait would pass the deadline stops, and still pauses the client', () => {
    const info = classify({ status: 429, method: 'POST', url: `${base}/v1/chat/completions` });
    const short = normalizeOptions({ rpmWindowMs: windowMs, deadlineMs: 1000 });
    expect(decide(info, 1, { options: short, elapsedMs: 0 })).toMatchObject({
      retry: false,
      stop: 'deadline',
      pauseMs: windowMs,
    });
    // With the limit known, the retry waits for its slot in the limiter: it fits in the deadline.
    expect(decide(info, 1, { options: short, elapsedMs: 0, limitKnown: true })).toEqual({
      retry: true,
      delayMs: 0,
    });
  });
});
