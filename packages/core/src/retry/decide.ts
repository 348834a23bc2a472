import { endpointOf, isIdempotent, isTaskCreating } from '../classify/endpoint.ts';
import type { AgnesErrorInfo } from '../classify/types.ts';
import type { NormalizedOptions } from '../options.ts';
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

/** Endpoints whose POST returns its result in the response: replaying one cannot double-bill a task. */
const synchronousEndpoints = new Set([
  'chat',
  'responses',
  'messages',
  'completions',
  'embeddings',
  'images',
]);

/** Statuses that mean the model ran long: wait twice as long between attempts. */
const slowStatuses = new Set([504, 524]);

function stop(why: StopReason, details: Record<string, string | number> = {}): RetryDecision {
  return { retry: false, why, details };
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return undefined;
  }
}

/** May this failed request be sent again without risking the work being done twice? */
function replayVerdict(info: AgnesErrorInfo, options: NormalizedOptions): StopReason | undefined {
  if (isIdempotent(info.method)) return undefined;
  if (options.replay === 'never') return 'not_replayable';
  if (options.replay === 'always' || info.replay === 'safe') return undefined;
  const path = pathOf(info.url);
  if (isTaskCreating(info.method, path)) return 'not_replayable';
  return synchronousEndpoints.has(endpointOf(path).kind) ? undefined : 'not_replayable';
}

/**
 * Decides whether to try again after attempt number `attempt` failed with `info`, and how long to
 * wait first: per-status policy, replay safety, server-requested waits, backoff, deadline and budget.
 */
export function decide(info: AgnesErrorInfo, attempt: number, context: DecideContext): RetryDecision {
  const { options } = context;
  if (info.reason === 'caller_aborted' || context.signal?.aborted) return stop('caller_aborted');
  if (info.reason === 'insufficient_quota' || info.status === 402) return stop('final');
  const forced = info.status !== undefined && options.alwaysRetryStatuses.includes(info.status);
  if (!info.retryable && !forced) return stop('not_retryable');
  const notReplayable = replayVerdict(
    forced && !info.retryable ? { ...info, replay: 'ambiguous' } : info,
    options,
  );
  if (notReplayable) {
    const path = pathOf(info.url);
    return stop(notReplayable, { method: info.method ?? 'POST', ...(path && { path }) });
  }
  if (context.bodyReplayable === false) return stop('unsafe_body');
  if (attempt > options.maxRetries) return stop('max_retries');

  let delayMs: number;
  if (info.retryAfterMs !== undefined) {
    if (info.retryAfterMs > options.maxRetryAfterMs && options.longRetryAfter === 'fail') {
      return stop('retry_after_too_long', {
        retryAfterMs: info.retryAfterMs,
        maxRetryAfterMs: options.maxRetryAfterMs,
      });
    }
    delayMs = Math.min(info.retryAfterMs, options.maxRetryAfterMs);
  } else if (info.status === 429) {
    // The provider's limiter sends no Retry-After and advises waiting a minute: wait out the window.
    delayMs = options.rpmWindowMs;
  } else {
    const slow =
      (info.status !== undefined && slowStatuses.has(info.status)) || info.reason === 'client_timeout';
    delayMs = backoffDelay({
      strategy: options.backoff,
      attempt,
      baseDelayMs: options.baseDelayMs * (slow ? 2 : 1),
      maxDelayMs: options.maxDelayMs,
      previousDelayMs: context.previousDelayMs ?? 0,
      random: options.random,
    });
  }
  if (context.elapsedMs + delayMs > options.deadlineMs)
    return stop('deadline', { deadlineMs: options.deadlineMs });
  const budget = context.budget;
  if (budget) {
    const cost = info.reason === 'client_timeout' ? budget.timeoutCost : budget.retryCost;
    if (!budget.trySpend(cost)) return stop('budget_exhausted');
  }
  return { retry: true, delayMs };
}
