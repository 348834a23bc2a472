import type { NormalizedOptions } from '../options.ts';
import { isSlowFailure, pausesClient, wantsFallbackModel } from '../policy.ts';
import { backoffDelay } from '../retry/backoff.ts';
import type { RetryBudget } from '../retry/budget.ts';
import type { AgnesErrorInfo } from '../types/failure.ts';
import type { RetryDecision, StopReason } from '../types/stop.ts';

/** What the engine knows about the call besides the failure itself. */
export interface DecideContext {
  readonly options: NormalizedOptions;
  /** Time since the first attempt started, in ms. */
  readonly elapsedMs: number;
  /** The last wait, for decorrelated jitter. */
  readonly previousDelayMs?: number;
  /** False when the body was a stream that cannot be sent twice. */
  readonly bodyReplayable?: boolean;
  /** The client's retry budget: read here (is there enough?), spent by the call that follows the decision. */
  readonly budget?: Pick<RetryBudget, 'tokens' | 'retryCost' | 'timeoutCost'> | undefined;
  /** The caller's signal: an aborted one is never retried. */
  readonly signal?: AbortSignal | null | undefined;
  /**
   * True when the client's pacing now knows the server's limit (told by `rpm`, by limit headers, or
   * learned from this 429): the window log already holds every request the server counted, so the
   * retry waits for its slot in the limiter instead of a whole window, and the client is not paused.
   * @default false
   */
  readonly limitKnown?: boolean;
}

function stop(
  info: AgnesErrorInfo,
  reason: StopReason,
  details: Readonly<Record<string, string | number>> = {},
  pauseMs?: number,
): RetryDecision {
  const fallback = wantsFallbackModel(info, reason);
  return {
    retry: false,
    stop: reason,
    details,
    ...(pauseMs === undefined ? {} : { pauseMs }),
    ...(fallback ? { fallback } : {}),
  };
}

/** How long to wait before the next attempt: what the server asked for, the RPM window, or backoff. */
function delayFor(info: AgnesErrorInfo, attempt: number, context: DecideContext): number | StopReason {
  const { options } = context;
  if (info.retryAfterMs !== undefined) {
    if (info.retryAfterMs > options.maxRetryAfterMs && options.longRetryAfter === 'fail')
      return 'retry_after_too_long';
    return Math.min(info.retryAfterMs, options.maxRetryAfterMs);
  }
  if (info.status === 429) {
    // Pacing knows the limit: the retry waits for its slot in the limiter, not here.
    if (context.limitKnown && pausesClient(info.status, info.reason)) return 0;
    // The provider's limiter sends no Retry-After and advises waiting a minute: wait out the window.
    return options.rpmWindowMs;
  }
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
 * How long a rate-limit 429 pauses every request of the client (so that one 429 does not become a
 * storm of them): the wait of the retry, or what the server asked for, else the RPM window. No
 * pause when pacing knows the limit and the server set no wait.
 */
function pauseFor(
  info: AgnesErrorInfo,
  context: DecideContext,
  delayMs: number | undefined,
): number | undefined {
  if (!pausesClient(info.status, info.reason)) return undefined;
  if (context.limitKnown && info.retryAfterMs === undefined) return undefined;
  if (delayMs !== undefined) return delayMs;
  return Math.min(info.retryAfterMs ?? context.options.rpmWindowMs, context.options.maxRetryAfterMs);
}

/**
 * The one decision after a failed attempt: retry or stop (and why), the wait, whether to pause
 * every request of the client, the retry budget's cost, and whether a fallback model should be
 * tried. The policy's verdict is already in `info` (`retryable`, `stop`: see `classify`, which must
 * be given the same `replay` and `alwaysRetryStatuses`); this adds what belongs to the call: the
 * caller's abort, a body that cannot be sent twice, attempts, server-requested waits, the RPM window
 * or the limiter's slot, backoff, the deadline and the retry budget. Pure: the call applies it.
 */
export function decide(info: AgnesErrorInfo, attempt: number, context: DecideContext): RetryDecision {
  const { options } = context;
  if (context.signal?.aborted) return stop(info, 'caller_aborted');
  const failed = (reason: StopReason, details?: Readonly<Record<string, string | number>>) =>
    stop(info, reason, details, pauseFor(info, context, undefined));
  if (!info.retryable) return failed(info.stop ?? 'not_retryable', info.stopDetails);
  if (context.bodyReplayable === false) return failed('unsafe_body');
  if (attempt > options.maxRetries) return failed('max_retries');
  const delayMs = delayFor(info, attempt, context);
  if (typeof delayMs !== 'number')
    return failed(delayMs, {
      retryAfterMs: info.retryAfterMs ?? 0,
      maxRetryAfterMs: options.maxRetryAfterMs,
    });
  // A wait that ends at the deadline leaves no time for another attempt.
  if (context.elapsedMs + delayMs >= options.deadlineMs)
    return failed('deadline', { deadlineMs: options.deadlineMs });
  const budget = context.budget;
  const budgetCost = budget && (info.reason === 'client_timeout' ? budget.timeoutCost : budget.retryCost);
  if (budget && budgetCost !== undefined && budget.tokens < budgetCost) return failed('budget_exhausted');
  const pauseMs = pauseFor(info, context, delayMs);
  return {
    retry: true,
    delayMs,
    ...(budgetCost === undefined ? {} : { budgetCost }),
    ...(pauseMs === undefined ? {} : { pauseMs }),
  };
}
