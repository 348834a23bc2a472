import { type AgnesFailure, type AgnesOptions, classify, RetryBudget } from '@agnes-errors/core';
import { normalizeOptions } from '@agnes-errors/core/adapter-kit';
import { describe, expect, it } from 'vitest';
import { decide } from '../src/call/decide.ts';
import { backoffDelay } from '../src/retry/backoff.ts';

const base = 'https://apihub.agnes-ai.com/v1';
const decideFor = (
  failure: AgnesFailure,
  options: AgnesOptions = {},
  attempt = 1,
  extra: { elapsedMs?: number; budget?: RetryBudget } = {},
) => {
  const normalized = normalizeOptions({ random: () => 0.5, ...options });
  // The policy's verdict is part of the diagnosis: classify with the same replay settings.
  const info = classify(failure, {
    replay: normalized.replay,
    alwaysRetryStatuses: normalized.alwaysRetryStatuses,
  });
  return decide(info, attempt, {
    options: normalized,
    elapsedMs: extra.elapsedMs ?? 0,
    budget: extra.budget,
  });
};
const post = (path: string, status: number): AgnesFailure => ({
  status,
  method: 'POST',
  url: `${base}${path}`,
});

describe('decide: the per-status policy (ARCHITECTURE.md)', () => {
  it.each([400, 401, 403, 404, 405, 409, 413, 415, 422, 431])('does not retry %i', (status) => {
    expect(decideFor(post('/chat/completions', status))).toMatchObject({
      retry: false,
      stop: 'not_retryable',
    });
  });

  it('never retries 402: final', () => {
    expect(decideFor(post('/chat/completions', 402), { maxRetries: 10 })).toMatchObject({
      retry: false,
      stop: 'final',
    });
  });

  it.each([408, 429, 499, 500, 502, 503, 504, 520, 522, 524])(
    'retries %i on a synchronous POST',
    (status) => {
      expect(decideFor(post('/chat/completions', status))).toMatchObject({ retry: true });
    },
  );

  it.each([408, 429, 503, 522])(
    'replays a task-creating POST after %i: the server did not do the work',
    (status) => {
      expect(decideFor(post('/videos', status))).toMatchObject({ retry: true });
    },
  );

  it.each([499, 500, 502, 504, 520, 524])(
    'does not replay a task-creating POST after ambiguous %i',
    (status) => {
      expect(decideFor(post('/videos', status))).toMatchObject({
        retry: false,
        stop: 'not_replayable',
        details: { path: '/v1/videos' },
      });
    },
  );

  it('replays a task-creating POST when the user opts in, and no POST at all with replay: never', () => {
    expect(decideFor(post('/videos', 504), { replay: 'always' })).toMatchObject({ retry: true });
    expect(decideFor(post('/chat/completions', 429), { replay: 'never' })).toMatchObject({
      retry: false,
      stop: 'not_replayable',
    });
    expect(
      decideFor({ status: 504, method: 'GET', url: `${base}/models` }, { replay: 'never' }),
    ).toMatchObject({ retry: true });
  });

  it('does not replay ambiguous failures of a POST to an unknown endpoint', () => {
    expect(decideFor(post('/custom/thing', 502))).toMatchObject({ retry: false, stop: 'not_replayable' });
    expect(decideFor(post('/custom/thing', 503))).toMatchObject({ retry: true });
  });

  it('replays idempotent methods whatever the outcome', () => {
    expect(decideFor({ status: 504, method: 'GET', url: `${base}/videos/abc` })).toMatchObject({
      retry: true,
    });
  });

  it('replays a POST after a refused connection or DNS failure but not after a reset, for task endpoints', () => {
    const network = (errorCode: string): AgnesFailure => ({
      condition: 'network',
      errorCode,
      method: 'POST',
      url: `${base}/videos`,
    });
    expect(decideFor(network('ECONNREFUSED'))).toMatchObject({ retry: true });
    expect(decideFor(network('ENOTFOUND'))).toMatchObject({ retry: true });
    expect(decideFor(network('ECONNRESET'))).toMatchObject({ retry: false, stop: 'not_replayable' });
    expect(
      decideFor({ condition: 'timeout', method: 'POST', url: `${base}/chat/completions` }),
    ).toMatchObject({ retry: true });
  });

  it('never retries the caller abort or a 500 about image size or an unrouted model on 503', () => {
    expect(decideFor({ condition: 'abort', method: 'GET', url: `${base}/models` })).toMatchObject({
      retry: false,
      stop: 'caller_aborted',
    });
    const image = {
      status: 500,
      method: 'POST',
      url: `${base}/images/generations`,
      requestBody: { size: '1000x1000' },
    };
    expect(decideFor(image)).toMatchObject({ retry: false, stop: 'not_retryable' });
    const model = {
      ...post('/chat/completions', 503),
      responseBody: { error: { message: 'No available channel for model agnes-9' } },
    };
    expect(decideFor(model)).toMatchObject({ retry: false });
  });
});

describe('decide: waits', () => {
  it('stops after maxRetries retries', () => {
    expect(decideFor(post('/chat/completions', 503), { maxRetries: 2 }, 2)).toMatchObject({ retry: true });
    expect(decideFor(post('/chat/completions', 503), { maxRetries: 2 }, 3)).toMatchObject({
      retry: false,
      stop: 'max_retries',
    });
    expect(decideFor(post('/chat/completions', 503), { maxRetries: 0 }, 1)).toMatchObject({
      retry: false,
      stop: 'max_retries',
    });
  });

  it('waits what Retry-After says, clamps to maxRetryAfterMs, or fails fast when asked', () => {
    const failure = { ...post('/chat/completions', 429), responseHeaders: { 'retry-after': '5' } };
    expect(decideFor(failure)).toEqual({ retry: true, delayMs: 5000, pauseMs: 5000 });
    expect(decideFor(failure, { maxRetryAfterMs: 2000 })).toEqual({
      retry: true,
      delayMs: 2000,
      pauseMs: 2000,
    });
    expect(decideFor(failure, { maxRetryAfterMs: 2000, longRetryAfter: 'fail' })).toMatchObject({
      retry: false,
      stop: 'retry_after_too_long',
    });
  });

  it('waits out the RPM window after a 429 without Retry-After', () => {
    expect(decideFor(post('/chat/completions', 429), { rpmWindowMs: 1500 })).toEqual({
      retry: true,
      delayMs: 1500,
      // A rate-limit 429 pauses every request of the client for as long.
      pauseMs: 1500,
    });
  });

  it('falls back to backoff when Retry-After is nonsense', () => {
    const failure = { ...post('/chat/completions', 503), responseHeaders: { 'retry-after': 'whenever' } };
    expect(decideFor(failure, { baseDelayMs: 100 })).toEqual({ retry: true, delayMs: 50 });
  });

  it('never sleeps past the deadline', () => {
    const failure = { ...post('/chat/completions', 429), responseHeaders: { 'retry-after': '3' } };
    expect(decideFor(failure, { deadlineMs: 4000 }, 1, { elapsedMs: 500 })).toMatchObject({ retry: true });
    expect(decideFor(failure, { deadlineMs: 4000 }, 1, { elapsedMs: 1500 })).toMatchObject({
      retry: false,
      stop: 'deadline',
      details: { deadlineMs: 4000 },
    });
  });

  it('stops when the retry budget is empty and refunds on success', () => {
    const budget = new RetryBudget({ capacity: 10, retryCost: 5 });
    const failure = post('/chat/completions', 503);
    // decide is pure: it names the cost, the call spends it.
    const spend = (decision: ReturnType<typeof decideFor>) => {
      if (decision.retry) budget.trySpend(decision.budgetCost ?? 0);
      return decision;
    };
    expect(spend(decideFor(failure, {}, 1, { budget }))).toMatchObject({ retry: true, budgetCost: 5 });
    expect(spend(decideFor(failure, {}, 1, { budget }))).toMatchObject({ retry: true, budgetCost: 5 });
    expect(decideFor(failure, {}, 1, { budget })).toMatchObject({ retry: false, stop: 'budget_exhausted' });
    budget.refund(5);
    expect(budget.tokens).toBe(5);
    budget.refund(0);
    expect(budget.tokens).toBe(6);
  });

  it('waits longer after gateway timeouts', () => {
    const normal = decideFor(post('/chat/completions', 502), { baseDelayMs: 100, random: () => 1 });
    const slow = decideFor(post('/chat/completions', 504), { baseDelayMs: 100, random: () => 1 });
    expect(normal).toEqual({ retry: true, delayMs: 100 });
    expect(slow).toEqual({ retry: true, delayMs: 200 });
  });
});

describe('backoff', () => {
  const input = { attempt: 3, baseDelayMs: 100, maxDelayMs: 1000, previousDelayMs: 300 };
  it('full jitter spans 0..base*2^(n-1), capped', () => {
    expect(backoffDelay({ ...input, strategy: 'full', random: () => 0 })).toBe(0);
    expect(backoffDelay({ ...input, strategy: 'full', random: () => 0.999999 })).toBe(400);
    expect(backoffDelay({ ...input, attempt: 20, strategy: 'full', random: () => 0.999999 })).toBe(1000);
  });
  it('equal jitter keeps half the step', () => {
    expect(backoffDelay({ ...input, strategy: 'equal', random: () => 0 })).toBe(200);
  });
  it('decorrelated jitter grows from the previous wait', () => {
    expect(backoffDelay({ ...input, strategy: 'decorrelated', random: () => 1 })).toBe(900);
    expect(backoffDelay({ ...input, strategy: 'decorrelated', random: () => 0 })).toBe(100);
  });
});

describe('decide: alwaysRetryStatuses', () => {
  it('retries a status the user lists, but never 402, and keeps replay safety', () => {
    expect(
      decideFor({ status: 409, method: 'GET', url: `${base}/models` }, { alwaysRetryStatuses: [409] }),
    ).toMatchObject({ retry: true });
    expect(decideFor(post('/chat/completions', 400), { alwaysRetryStatuses: [400] })).toMatchObject({
      retry: true,
    });
    expect(decideFor(post('/videos', 409), { alwaysRetryStatuses: [409] })).toMatchObject({
      retry: false,
      stop: 'not_replayable',
    });
    expect(decideFor(post('/chat/completions', 402), { alwaysRetryStatuses: [402] })).toMatchObject({
      retry: false,
      stop: 'final',
    });
  });
});
