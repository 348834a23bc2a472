import { classify } from './classify/index.ts';
import type { AgnesErrorInfo, AgnesFailure } from './classify/types.ts';
import { type AgnesOptions, type NormalizedOptions, normalizeOptions } from './options.ts';
import { RateLimiter } from './rate-limit/limiter.ts';
import { MemoryRateLimitStore } from './rate-limit/store.ts';
import { RetryBudget } from './retry/budget.ts';
import { decide } from './retry/decide.ts';
import { sleep } from './retry/sleep.ts';
import type { RetryDecision } from './retry/types.ts';

/** Per-call bookkeeping kept by the controller between attempts. */
export interface CallState {
  /** Attempts started so far. */
  attempts: number;
  /** Time spent waiting between attempts, in ms. */
  totalDelayMs: number;
  readonly startedAt: number;
  previousDelayMs: number;
  /** Budget tokens this call spent on retries, refunded on success. */
  spentTokens: number;
  /** Aborts waits; an adapter may swap it when the client replaces its own per-attempt signal. */
  signal: AbortSignal | null | undefined;
  /** False when the request body cannot be sent twice. */
  readonly bodyReplayable: boolean;
  /** The client's options with this call's overrides applied. */
  readonly options: NormalizedOptions;
  readonly events: Pick<AgnesOptions, 'onRetry' | 'onGiveUp'>;
}

/** How one call starts. */
export interface BeginOptions {
  /** The caller's signal: aborts waits at once and is never retried. */
  readonly signal?: AbortSignal | null | undefined;
  /**
   * False when the request body is a stream that cannot be sent twice.
   * @default true
   */
  readonly bodyReplayable?: boolean;
  /**
   * Options for this call only (retry and message options; pacing stays the client's).
   * @default undefined
   */
  readonly overrides?: AgnesOptions | undefined;
}

/** What one attempt produced, as told by the adapter. */
export type AttemptResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: AgnesFailure; readonly error: unknown };

/** A final failure: the last error and its completed diagnosis. */
export interface FinalFailure {
  readonly error: unknown;
  readonly info: AgnesErrorInfo;
}

/**
 * The per-client heart of every adapter: options, the rate limiter, the retry budget, and the steps
 * of one call (pace, classify, decide, wait). Adapters that own the retry loop call {@link run};
 * adapters that drive their client's own loop call the steps from its hooks.
 */
export class AgnesController {
  readonly options: NormalizedOptions;
  readonly limiter: RateLimiter;
  readonly budget: RetryBudget | undefined;
  readonly #raw: AgnesOptions;

  constructor(options: AgnesOptions = {}) {
    this.#raw = options;
    this.options = normalizeOptions(options);
    const budget = options.retryBudget;
    this.budget =
      budget === false ? undefined : budget instanceof RetryBudget ? budget : new RetryBudget(budget);
    this.limiter = new RateLimiter({
      store: options.store ?? new MemoryRateLimitStore(),
      key: this.options.rateLimitKey,
      window: { rpm: this.options.rpm, windowMs: this.options.rpmWindowMs },
      now: this.options.now,
      onWait: options.onWait,
      marginMs: this.options.rpmMarginMs,
    });
  }

  /** A fresh state for one call. */
  begin(call: BeginOptions = {}): CallState {
    const raw = call.overrides ? { ...this.#raw, ...call.overrides } : this.#raw;
    return {
      attempts: 0,
      totalDelayMs: 0,
      startedAt: this.options.now(),
      previousDelayMs: 0,
      spentTokens: 0,
      signal: call.signal,
      bodyReplayable: call.bodyReplayable ?? true,
      options: call.overrides ? normalizeOptions(raw) : this.options,
      events: raw,
    };
  }

  /** Waits for the rate limiter, then counts the attempt. */
  async beforeAttempt(state: CallState): Promise<void> {
    await this.limiter.acquire(state.signal);
    state.attempts += 1;
  }

  /** Classifies a failure in this client's locale; marks replays so a 409 can be read right. */
  classify(failure: AgnesFailure, state?: CallState): AgnesErrorInfo {
    return classify(state && state.attempts > 1 ? { ...failure, replayed: true } : failure, {
      locale: (state?.options ?? this.options).locale,
      now: this.options.now(),
    });
  }

  /**
   * Decides after a failed attempt, applies the shared 429 pause, and emits `onRetry` or `onGiveUp`.
   * The returned decision's info is complete (attempts, delays, stop reason) when it is a stop.
   */
  async afterFailure(
    info: AgnesErrorInfo,
    state: CallState,
  ): Promise<{ decision: RetryDecision; info: AgnesErrorInfo }> {
    const decision = decide(info, state.attempts, {
      options: state.options,
      elapsedMs: this.options.now() - state.startedAt,
      previousDelayMs: state.previousDelayMs,
      bodyReplayable: state.bodyReplayable,
      budget: this.budget,
      signal: state.signal,
    });
    if (info.status === 429 && info.reason === 'rate_limited') {
      // One 429 pauses every request of this client, not just this one: no storm of further 429s.
      const pauseMs = decision.retry
        ? decision.delayMs
        : Math.min(info.retryAfterMs ?? state.options.rpmWindowMs, state.options.maxRetryAfterMs);
      await this.limiter.pause(pauseMs);
    }
    if (decision.retry) {
      if (this.budget)
        state.spentTokens +=
          info.reason === 'client_timeout' ? this.budget.timeoutCost : this.budget.retryCost;
      state.events.onRetry?.({ attempt: state.attempts, delayMs: decision.delayMs, info });
      return { decision, info };
    }
    const final = this.finish(info, state, decision);
    return { decision, info: final };
  }

  /** Completes a final diagnosis with attempts, delays and the stop reason, and emits `onGiveUp`. */
  finish(info: AgnesErrorInfo, state: CallState, decision: RetryDecision & { retry: false }): AgnesErrorInfo {
    const final: AgnesErrorInfo = {
      ...info,
      attempts: state.attempts,
      totalDelayMs: state.totalDelayMs,
      elapsedMs: this.options.now() - state.startedAt,
      stop: decision.why,
      stopDetails: decision.details,
    };
    state.events.onGiveUp?.({
      attempts: state.attempts,
      totalDelayMs: state.totalDelayMs,
      info: final,
      why: decision.why,
    });
    return final;
  }

  /** Waits before the next attempt (abortable). */
  async wait(delayMs: number, state: CallState): Promise<void> {
    await sleep(delayMs, state.signal);
    state.totalDelayMs += delayMs;
    state.previousDelayMs = delayMs;
  }

  /** Records a success: refunds the retry budget. */
  succeeded(state: CallState): void {
    this.budget?.refund(state.spentTokens);
  }

  /**
   * Runs a call with this client's pacing and retries. `attempt` performs one try and reports it;
   * the promise resolves with the first success or rejects with `onFinalFailure`'s error.
   */
  async run<T>(
    state: CallState,
    attempt: (attemptNumber: number) => Promise<AttemptResult<T>>,
    onFinalFailure: (failure: FinalFailure) => unknown,
  ): Promise<T> {
    for (;;) {
      await this.beforeAttempt(state);
      const result = await attempt(state.attempts);
      if (result.ok) {
        this.succeeded(state);
        return result.value;
      }
      const { decision, info } = await this.afterFailure(this.classify(result.failure, state), state);
      if (!decision.retry) throw onFinalFailure({ error: result.error, info });
      await this.wait(decision.delayMs, state);
    }
  }
}
