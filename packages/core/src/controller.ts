import { type AttemptSignal, attemptSignal } from './adapter/attempt-signal.ts';
import { classify } from './classify/index.ts';
import type { AgnesErrorInfo, AgnesFailure } from './classify/types.ts';
import {
  type AgnesCallOptions,
  type AgnesOptions,
  type NormalizedOptions,
  normalizeOptions,
} from './options.ts';
import { pausesClient } from './policy.ts';
import { defaultRateLimitKey } from './rate-limit/call-key.ts';
import { limitFromHeaders } from './rate-limit/limit-header.ts';
import { RateLimiter } from './rate-limit/limiter.ts';
import { MemoryRateLimitStore, type RateLimitStore } from './rate-limit/store.ts';
import { RetryBudget } from './retry/budget.ts';
import { decide } from './retry/decide.ts';
import { sleep } from './retry/sleep.ts';
import type { RetryDecision, StopReason } from './retry/types.ts';
import { type HeadersLike, toHeaderMap } from './util/headers.ts';
import { carrySecrets } from './util/known-secrets.ts';

/**
 * One call's progress. The controller owns it: adapters read it and change it only through the
 * controller's methods (`beforeAttempt`, `adoptAttempts`, `replaceSignal`, `wait`, `recordWait`...).
 */
export interface CallState {
  /** Attempts started so far. */
  readonly attempts: number;
  /** Time spent waiting between attempts, in ms. */
  readonly totalDelayMs: number;
  /** When the call started (the controller's clock), in ms. */
  readonly startedAt: number;
  /** The last wait, in ms (decorrelated jitter grows from it). */
  readonly previousDelayMs: number;
  /** Aborts waits: the caller's signal, or the one the client uses for the current attempt. */
  readonly signal: AbortSignal | null | undefined;
  /** False when the request body cannot be sent twice. */
  readonly bodyReplayable: boolean;
  /** The client's options with this call's overrides applied. */
  readonly options: NormalizedOptions;
}

/** The writable record behind a {@link CallState}: only this module writes it. */
type CallRecord = { -readonly [Key in keyof CallState]: CallState[Key] } & {
  /** Budget tokens this call spent on retries, refunded on success. */
  spentTokens: number;
  /** The rate-limit slot of the attempt in flight (its stamp), until its answer is settled. */
  slot: number | undefined;
  /** The limiter of this call's origin and API key. */
  readonly limiter: RateLimiter;
  readonly events: Pick<AgnesOptions, 'onRetry' | 'onGiveUp'>;
};

const record = (state: CallState): CallRecord => state as CallRecord;

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
   * Options for this call only (retries, waits, replay, messages, events; pacing stays the client's).
   * @default undefined
   */
  readonly overrides?: AgnesCallOptions | undefined;
  /**
   * The request's URL: with its API key, it picks the call's rate limit (see `rateLimitKey`).
   * @default undefined (the limit of the `rateLimitKey` option, or of key 'default')
   */
  readonly url?: string | URL | undefined;
  /**
   * The request's headers, read only for the API key's fingerprint (never the key itself).
   * @default undefined
   */
  readonly requestHeaders?: HeadersLike | undefined;
}

/** What one attempt produced, as told by the adapter. */
export type AttemptResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: AgnesFailure; readonly error: unknown };

/** How a whole call ended: the first success, or the last error with its complete diagnosis. */
export type CallOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown; readonly info: AgnesErrorInfo };

/** The engine's answer after a failed attempt, with the diagnosis (complete when it is a stop). */
export interface FailureVerdict {
  readonly decision: RetryDecision;
  readonly info: AgnesErrorInfo;
}

/**
 * The per-client heart of every adapter: options, the rate limiter, the retry budget, and the steps
 * of one call (pace, classify, decide, wait). Adapters that own the retry loop call {@link run};
 * adapters that drive their client's own loop call the steps from its hooks.
 */
export class AgnesController {
  readonly options: NormalizedOptions;
  readonly budget: RetryBudget | undefined;
  readonly #raw: AgnesOptions;
  /** One limiter per rate-limit key (origin and API key), created on first use. */
  readonly #limiters = new Map<string, RateLimiter>();
  readonly #store: RateLimitStore;
  #latest: RateLimiter;

  constructor(options: AgnesOptions = {}) {
    this.#raw = options;
    this.options = normalizeOptions(options);
    const budget = options.retryBudget;
    this.budget =
      budget === false ? undefined : budget instanceof RetryBudget ? budget : new RetryBudget(budget);
    this.#store = options.store ?? new MemoryRateLimitStore();
    this.#latest = this.limiterFor(this.options.rateLimitKey);
  }

  /**
   * The limiter of the latest call (of every call, when they all go to one origin with one key).
   * See {@link limiterFor}.
   */
  get limiter(): RateLimiter {
    return this.#latest;
  }

  /** The limiter of one rate-limit key, created on first use; all share the client's store. */
  limiterFor(key: string): RateLimiter {
    let limiter = this.#limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter({
        store: this.#store,
        key,
        window: { rpm: this.options.rpm, windowMs: this.options.rpmWindowMs },
        now: this.options.now,
        onWait: this.#raw.onWait,
        marginMs: this.options.rpmMarginMs,
      });
      this.#limiters.set(key, limiter);
    }
    return limiter;
  }

  /** The limiter a call uses: the `rateLimitKey` option when given, else its origin and key's. */
  #limiterOf(call: BeginOptions): RateLimiter {
    if (this.#raw.rateLimitKey !== undefined || call.url === undefined) return this.#latest;
    this.#latest = this.limiterFor(defaultRateLimitKey(call.url, call.requestHeaders));
    return this.#latest;
  }

  /** A fresh state for one call. */
  begin(call: BeginOptions = {}): CallState {
    const raw = call.overrides ? { ...this.#raw, ...call.overrides } : this.#raw;
    const state: CallRecord = {
      attempts: 0,
      totalDelayMs: 0,
      startedAt: this.options.now(),
      previousDelayMs: 0,
      spentTokens: 0,
      slot: undefined,
      limiter: this.#limiterOf(call),
      signal: call.signal,
      bodyReplayable: call.bodyReplayable ?? true,
      options: call.overrides ? normalizeOptions(raw) : this.options,
      events: raw,
    };
    return state;
  }

  /**
   * The signal the next attempt runs under: the call's signal (or `caller`, the signal the client
   * built for this attempt) plus what is left of `deadlineMs`, so an attempt whose headers or body
   * never finish is aborted at the deadline. Release it once the attempt has settled.
   */
  attemptSignal(state: CallState, caller: AbortSignal | null | undefined = state.signal): AttemptSignal {
    return attemptSignal(caller, this.remainingMs(state));
  }

  /** Time left before the call's deadline, in ms (`Infinity` without `deadlineMs`). */
  remainingMs(state: CallState): number {
    return state.options.deadlineMs - (this.options.now() - state.startedAt);
  }

  /** Waits for the rate limiter, then counts the attempt. */
  async beforeAttempt(state: CallState): Promise<void> {
    record(state).slot = await record(state).limiter.acquire(state.signal);
    record(state).attempts += 1;
  }

  /**
   * The attempt's answer arrived: its rate-limit slot now counts from here (see
   * `RateLimiter.settle`), or, for a request the server refused without counting it, not at all.
   */
  #settle(state: CallState, ok: boolean, refused = false): void {
    const slot = record(state).slot;
    if (slot === undefined) return;
    record(state).slot = undefined;
    if (refused) record(state).limiter.release(slot);
    else record(state).limiter.settle(slot, ok);
  }

  /** Takes the client's own attempt count, for a call whose earlier attempts the adapter did not see. */
  adoptAttempts(state: CallState, attempts: number): void {
    record(state).attempts = attempts;
  }

  /** Follows the signal the client uses now (some clients replace theirs after a timeout), or drops it. */
  replaceSignal(state: CallState, signal: AbortSignal | null | undefined): void {
    record(state).signal = signal;
  }

  /** Classifies a failure in this call's locale and policy; tells the classifier which attempt it was. */
  classify(failure: AgnesFailure, state?: CallState): AgnesErrorInfo {
    const options = state?.options ?? this.options;
    return classify(state && state.attempts > 1 ? { ...failure, attempt: state.attempts } : failure, {
      locale: options.locale,
      now: this.options.now(),
      replay: options.replay,
      alwaysRetryStatuses: options.alwaysRetryStatuses,
    });
  }

  /**
   * Classifies a failed attempt, decides, applies the shared 429 pause, and emits `onRetry` or
   * `onGiveUp`. The returned info is complete (attempts, delays, stop reason) when it is a stop.
   */
  async afterFailure(failure: AgnesFailure, state: CallState): Promise<FailureVerdict> {
    const sentAt = record(state).slot;
    const info = this.classify(failure, state);
    this.#settle(state, false, pausesClient(info.status, info.reason));
    let decision = decide(info, state.attempts, {
      options: state.options,
      elapsedMs: this.options.now() - state.startedAt,
      previousDelayMs: state.previousDelayMs,
      bodyReplayable: state.bodyReplayable,
      budget: this.budget,
      signal: state.signal,
    });
    if (pausesClient(info.status, info.reason)) {
      // The server's limit, as its headers say or as this window's successes show: paced to from now.
      const limiter = record(state).limiter;
      const paced = await limiter.learn(limitFromHeaders(toHeaderMap(failure.responseHeaders)), sentAt);
      // One 429 pauses every request of this client, not just this one: no storm of further 429s.
      // Not needed when the limit was just learned from it and the server set no wait: the window
      // log then already holds every request the server counted, and pacing waits for them.
      const pauseMs = decision.retry
        ? decision.delayMs
        : Math.min(info.retryAfterMs ?? state.options.rpmWindowMs, state.options.maxRetryAfterMs);
      if (!paced || info.retryAfterMs !== undefined) await limiter.pause(pauseMs);
      // Likewise the retry itself waits for its slot in the limiter, not a whole window.
      else if (decision.retry) decision = { retry: true, delayMs: 0 };
    }
    if (!decision.retry) return { decision, info: this.stop(info, state, decision.stop, decision.details) };
    if (this.budget)
      record(state).spentTokens +=
        info.reason === 'client_timeout' ? this.budget.timeoutCost : this.budget.retryCost;
    record(state).events.onRetry?.({ attempt: state.attempts, delayMs: decision.delayMs, info });
    return { decision, info };
  }

  /**
   * Ends a call: completes its diagnosis with attempts, delays and the stop reason (by default the
   * policy's own, else `not_retryable`), and emits `onGiveUp`. For clients that stop on their own.
   */
  stop(
    info: AgnesErrorInfo,
    state: CallState,
    reason: StopReason = info.stop ?? 'not_retryable',
    details: Readonly<Record<string, string | number>> | undefined = info.stopDetails,
  ): AgnesErrorInfo {
    const final: AgnesErrorInfo = carrySecrets(
      {
        ...info,
        attempts: state.attempts,
        totalDelayMs: state.totalDelayMs,
        elapsedMs: this.options.now() - state.startedAt,
        stop: reason,
        stopDetails: details,
      },
      info,
    );
    record(state).events.onGiveUp?.({
      attempts: state.attempts,
      totalDelayMs: state.totalDelayMs,
      info: final,
      stop: reason,
    });
    return final;
  }

  /** Waits before the next attempt (abortable by the call's signal) and records the wait. */
  async wait(delayMs: number, state: CallState): Promise<void> {
    await sleep(delayMs, state.signal);
    this.recordWait(state, delayMs);
  }

  /** Records a wait the client performs itself (got sleeps for the delay it is given). */
  recordWait(state: CallState, delayMs: number): void {
    const call = record(state);
    call.totalDelayMs += delayMs;
    call.previousDelayMs = delayMs;
  }

  /** Records a success: refunds the retry budget. */
  succeeded(state: CallState): void {
    this.#settle(state, true);
    this.budget?.refund(record(state).spentTokens);
  }

  /**
   * Runs a call with this client's pacing and retries. `attempt` performs one try and reports it.
   * Resolves with the outcome: the first success, or the last failure with its complete diagnosis
   * (the adapter turns it into its client's answer, see `finalError`). Rejects only when a wait is
   * aborted (with the signal's reason) or `attempt` itself throws.
   */
  async run<T>(
    state: CallState,
    attempt: (attemptNumber: number) => Promise<AttemptResult<T>>,
  ): Promise<CallOutcome<T>> {
    for (;;) {
      await this.beforeAttempt(state);
      let result: AttemptResult<T>;
      try {
        result = await attempt(state.attempts);
      } catch (error) {
        // Aborted or broken: the slot's request ended here.
        this.#settle(state, false);
        throw error;
      }
      if (result.ok) {
        this.succeeded(state);
        return result;
      }
      const { decision, info } = await this.afterFailure(result.failure, state);
      if (!decision.retry) return { ok: false, error: result.error, info };
      await this.wait(decision.delayMs, state);
    }
  }
}
