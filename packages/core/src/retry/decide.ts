import type { AgnesErrorInfo } from '../classify/types.ts';
import type { NormalizedOptions } from '../options.ts';
import { isSlowFailure } from '../policy.ts';
import { backoffDelay } from './backoff.ts';
import type { RetryBudget } from './budget.ts';
import type { RetryDecision, StopReason } from './types.ts';

/** What the engine knows about the call besides the failure itself. */
export interface DecideContext {
  readonly options: NormalizedOptions;
  /** Time since the first attempt started, in ms. */
  readonly elapsedMs: number;
  /** The last wait, for decorrelated jitter. */
  readonly previousDelayMs?: number;
  /** False when the body was a stream that cannot be sent twice. */
  readonly bodyReplayable?: boolean;
  /** The client's retry budget, spent when the answer is to retry. */
  readonly budget?: RetryBudget | undefined;
  /** The caller's signal: an aborted one is never retried. */
  readonly signal?: AbortSignal | null | undefined;
}

function stop(reason: StopReason, details: Readonly<Record<string, string | number>> = {}): RetryDecision {
  return { retry: false, stop: reason, details };
}

/** How long to wait before the next attempt: what the server asked for, the RPM window, or backoff. */
function delayFor(info: AgnesErrorInfo, attempt: number, context: DecideContext): number | RetryDecision {
  const { options } = context;
  if (info.retryAfterMs !== undefined) {
    if (info.retryAfterMs > options.maxRetryAfterMs && options.longRetryAfter === 'fail') {
      return stop('retry_after_too_long', {
        retryAfterMs: info.retryAfterMs,
        maxRetryAfterMs: options.maxRetryAfterMs,
      });
    }
    return Math.min(info.retryAfterMs, options.maxRetryAfterMs);
  }
  // The provider's limiter sends no Retry-After and advises waiting a minute: wait out the window.
  if (info.status === 429) return options.rpmWindowMs;
  return backoffDelay({
    strategy: options.backoff,
    attempt,
    baseDelayMs: options.baseDelayMs * (isSlowFailure(info.status, info.reason) ? 2 : 1),
    maxDelayMs: options.maxDelayMs,
    previousDelayMs: context.previousDelayMs ?? 0,
    random: options.random,
  });
}

/**
 * Decides whether to try again after attempt number `attempt` failed with `info`, and how long to
 * wait first. The policy's verdict is already in `info` (`retryable`, `stop`: see `classify`, which
 * must be given the same `replay` and `alwaysRetryStatuses`); this adds what belongs to the call:
 * the caller's abort, a body that cannot be sent twice, attempts, server-requested waits, backoff,
 * the deadline and the retry budget.
 */
export function decide(info: AgnesErrorInfo, attempt: number, context: DecideContext): RetryDecision {
  const { options } = context;
  if (context.signal?.aborted) return stop('caller_aborted');
  if (!info.retryable) return stop(info.stop ?? 'not_retryable', info.stopDetails);
  if (context.bodyReplayable === false) return stop('unsafe_body');
  if (attempt > options.maxRetries) return stop('max_retries');
  const delayMs = delayFor(info, attempt, context);
  if (typeof delayMs !== 'number') return delayMs;
  // A wait that ends at the deadline leaves no time for another attempt.
  if (context.elapsedMs + delayMs >= options.deadlineMs)
    return stop('deadline', { deadlineMs: options.deadlineMs });
  const budget = context.budget;
  if (budget) {
    const cost = info.reason === 'client_timeout' ? budget.timeoutCost : budget.retryCost;
    if (!budget.trySpend(cost)) return stop('budget_exhausted');
  }
  return { retry: true, delayMs };
}
