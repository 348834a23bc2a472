import { classify } from '../classify/index.ts';
import type { AgnesOptions, NormalizedOptions } from '../options.ts';
import { pausesClient, signalsOverload } from '../policy.ts';
import { preflightDiagnosis, preflightFindings } from '../preflight/check.ts';
import {
  ConcurrencyDeadlineError,
  type ConcurrencyLimiter,
  type ConcurrencySlot,
} from '../rate-limit/concurrency.ts';
import { limitFromHeaders } from '../rate-limit/limit-header.ts';
import type { RateLimiter } from '../rate-limit/limiter.ts';
import type { RetryBudget } from '../retry/budget.ts';
import { sleep } from '../retry/sleep.ts';
import type { WaitCause, WaitEvent } from '../types/events.ts';
import type { AgnesErrorInfo, AgnesFailure } from '../types/failure.ts';
import type { PreflightRequest } from '../types/preflight.ts';
import type { RetryDecision, StopReason } from '../types/stop.ts';
import { toHeaderMap } from '../util/headers.ts';
import { carrySecrets } from '../util/known-secrets.ts';
import { type AttemptSignal, attemptSignal } from './attempt-signal.ts';
import {
  type CallEvents,
  type CallRequest,
  callStartEvent,
  emit,
  newCallId,
  wantsCallId,
} from './call-events.ts';
import { decide } from './decide.ts';

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

/** What {@link AgnesCall.run} hands each attempt. */
export interface AttemptContext {
  /** The attempt's number: the first is 1. */
  readonly attempt: number;
  /**
   * The signal to send the attempt under: the caller's abort plus what is left of `deadlineMs`
   * (the caller's own signal when there is no deadline; `undefined` when there is neither).
   */
  readonly signal: AbortSignal | undefined;
  /** True once the deadline, not the caller, aborted the attempt. */
  readonly deadlineExpired: boolean;
  /** For a success whose body is still to come: keeps the deadline armed over it (see `AttemptSignal.holdForBody`). */
  holdForBody(reason: () => unknown): void;
}

/** How a call ended: what completes its diagnosis. */
export interface CallEnd {
  readonly attempts: number;
  readonly totalDelayMs: number;
  readonly elapsedMs: number;
  readonly stop: StopReason;
  readonly stopDetails: Readonly<Record<string, string | number>> | undefined;
}

/**
 * Completes a diagnosis with how its call ended (a call stopped as not retryable, by the policy or
 * by a client's own rule, says so) and emits `onGiveUp`.
 */
export function giveUp(
  info: AgnesErrorInfo,
  events: Pick<AgnesOptions, 'onGiveUp'>,
  end: CallEnd,
  callId?: string,
): AgnesErrorInfo {
  const final: AgnesErrorInfo = carrySecrets(
    { ...info, retryable: end.stop === 'not_retryable' ? false : info.retryable, ...end },
    info,
  );
  events.onGiveUp?.({
    attempts: end.attempts,
    totalDelayMs: end.totalDelayMs,
    info: final,
    stop: end.stop,
    ...(callId === undefined ? {} : { callId }),
  });
  return final;
}

/** What a call is made of: the client's parts it uses, and this call's own settings. */
export interface CallParts {
  readonly limiter: RateLimiter;
  /** The client's cap on requests in flight (`maxConcurrency`), if any. */
  readonly concurrency?: ConcurrencyLimiter | undefined;
  readonly budget: RetryBudget | undefined;
  /** The controller's clock. */
  readonly now: () => number;
  /** The options in force for this call (the client's, with the call's overrides). */
  readonly options: NormalizedOptions;
  /** Where the call's events are read (the client's options, with the call's overrides). */
  readonly events: CallEvents & Pick<AgnesOptions, 'onPreflight'>;
  /** Describes the request for `onCallStart`: read only when that listener exists. */
  readonly request?: (() => CallRequest) | undefined;
  readonly signal: AbortSignal | null | undefined;
  readonly bodyReplayable: boolean;
}

/**
 * One call: its progress (attempts, waits, the rate-limit slot in flight, budget spent) in private
 * fields, and the steps that move it on. Made by `AgnesController.begin()`. An adapter that owns the
 * loop calls {@link run}; one that drives its client's own loop calls the steps from its hooks:
 * {@link beforeAttempt} where an attempt starts, {@link afterFailure} where the client asks whether
 * to retry, {@link wait} (or {@link recordWait} when the client sleeps), {@link succeeded} on
 * success, {@link stop} when the client stops on its own.
 */
export class AgnesCall {
  /** The options in force for this call. */
  readonly options: NormalizedOptions;
  readonly #parts: CallParts;
  readonly #startedAt: number;
  #signal: AbortSignal | null | undefined;
  #attempts = 0;
  #totalDelayMs = 0;
  #previousDelayMs = 0;
  /** Budget tokens this call spent on retries, refunded on success. */
  #spentTokens = 0;
  /** The rate-limit slot of the attempt in flight (its stamp), until its answer is settled. */
  #slot: number | undefined;
  /** The call's identity in its events; only when someone listens to them. */
  readonly #callId: string | undefined;
  /** When the attempt in flight started, until its end is emitted (only with a call id). */
  #attemptStartedAt: number | undefined;
  /** Why the next wait happens and after which failure, as the last decision said. */
  #nextWait: { readonly cause: WaitCause; readonly info: AgnesErrorInfo } | undefined;
  /** True once the call's end was emitted. */
  #ended = false;
  /** The concurrency slot of the attempt in flight, until its answer is settled. */
  #inFlight: ConcurrencySlot | undefined;

  constructor(parts: CallParts) {
    this.#parts = parts;
    this.options = parts.options;
    this.#signal = parts.signal;
    this.#startedAt = parts.now();
    if (wantsCallId(parts.events)) {
      this.#callId = newCallId();
      if (parts.events.onCallStart)
        emit(parts.events.onCallStart, callStartEvent(this.#callId, this.#startedAt, parts.request));
    }
  }

  /** The call's identity in its events (`undefined` when nobody listens to them). */
  get callId(): string | undefined {
    return this.#callId;
  }

  /** Attempts started so far. */
  get attempts(): number {
    return this.#attempts;
  }

  /** Time spent waiting between attempts, in ms. */
  get totalDelayMs(): number {
    return this.#totalDelayMs;
  }

  /** The last wait, in ms. */
  get previousDelayMs(): number {
    return this.#previousDelayMs;
  }

  /** What aborts waits: the caller's signal, or the one the client uses for the current attempt. */
  get signal(): AbortSignal | null | undefined {
    return this.#signal;
  }

  /** Time left before the call's deadline, in ms (`Infinity` without `deadlineMs`). */
  remainingMs(): number {
    return this.options.deadlineMs - (this.#parts.now() - this.#startedAt);
  }

  /**
   * The signal the next attempt runs under: the call's signal (or `caller`, the signal the client
   * built for this attempt) plus what is left of `deadlineMs`, so an attempt whose headers or body
   * never finish is aborted at the deadline. Release it once the attempt has settled. {@link run}
   * does this itself.
   */
  attemptSignal(caller: AbortSignal | null | undefined = this.#signal): AttemptSignal {
    return attemptSignal(caller, this.remainingMs());
  }

  /**
   * Checks the request before its first attempt, before the rate limiter gives it a slot (see the
   * `preflight` option). Answers the call's final diagnosis when the request is refused: nothing may
   * be sent, and the adapter answers with its client's error for a request that never left (through
   * `finalError`); `stop: 'preflight'`, `attempts: 0`, and the reason the server's rejection would
   * have. Answers `undefined` when the request may be sent (after `onPreflight` for any warning).
   */
  preflight(request: PreflightRequest): AgnesErrorInfo | undefined {
    const { preflight: mode, preflightRules } = this.options;
    if (mode === 'off') return undefined;
    const findings = preflightFindings(request, preflightRules);
    if (findings.length === 0) return undefined;
    const { onPreflight } = this.#parts.events;
    const classifyOptions = {
      locale: this.options.locale,
      nowMs: this.#parts.now(),
      replay: this.options.replay,
      alwaysRetryStatuses: this.options.alwaysRetryStatuses,
    };
    for (const finding of findings) {
      const info = preflightDiagnosis(request, finding, classifyOptions);
      if (finding.action === 'warn' || mode === 'warn') {
        onPreflight?.({ action: 'warned', rule: finding.rule, info });
        continue;
      }
      const final = this.stop(info, 'preflight', { expectedStatus: finding.status, rule: finding.rule });
      onPreflight?.({ action: 'refused', rule: finding.rule, info: final });
      return final;
    }
    return undefined;
  }

  /**
   * Waits for a concurrency slot (with `maxConcurrency`) and the rate limiter, then counts the
   * attempt. A concurrency wait ends at the caller's abort (with its reason) or at the deadline
   * (with a `TimeoutError`).
   */
  async beforeAttempt(): Promise<void> {
    const concurrency = this.#parts.concurrency;
    if (concurrency) {
      try {
        this.#inFlight = await concurrency.acquire(this.#signal, this.remainingMs());
      } catch (error) {
        // A deadline here ends the call with a diagnosis (see `run`); an abort ends it without one.
        if (!(error instanceof ConcurrencyDeadlineError)) this.#abandon();
        throw error;
      }
    }
    try {
      this.#slot = await this.#parts.limiter.acquire(
        this.#signal,
        this.#callId === undefined ? undefined : (event) => this.#limiterWait(event),
      );
    } catch (error) {
      this.#freeInFlight(false);
      this.#abandon();
      throw error;
    }
    this.#attempts += 1;
    if (this.#callId !== undefined) this.#attemptStarted();
  }

  /** The concurrency slot's request has its answer (or none): free it, telling the limit how it went. */
  #freeInFlight(answered: boolean, overload = false): void {
    const held = this.#inFlight;
    if (!held || !this.#parts.concurrency) return;
    this.#inFlight = undefined;
    this.#parts.concurrency.release(held, {
      overload,
      latencyMs: answered ? this.#parts.now() - held.startedAt : undefined,
    });
  }

  /**
   * The attempt's answer arrived: its rate-limit slot now counts from here (see
   * `RateLimiter.settle`), or, for a request the server refused without counting it, not at all.
   */
  #settle(ok: boolean, refused = false, overload = false): void {
    this.#freeInFlight(ok || overload || refused, overload);
    const slot = this.#slot;
    if (slot === undefined) return;
    this.#slot = undefined;
    if (refused) this.#parts.limiter.release(slot);
    else this.#parts.limiter.settle(slot, ok);
  }

  /** Takes the client's own attempt count, for a call whose earlier attempts the adapter did not see. */
  adoptAttempts(attempts: number): void {
    this.#attempts = attempts;
  }

  /** Follows the signal the client uses now (some clients replace theirs after a timeout), or drops it. */
  replaceSignal(signal: AbortSignal | null | undefined): void {
    this.#signal = signal;
  }

  /** Classifies a failure of this call, in its locale and policy, as its attempt number. */
  classify(failure: AgnesFailure): AgnesErrorInfo {
    const { options } = this;
    return classify(this.#attempts > 1 ? { ...failure, attempt: this.#attempts } : failure, {
      locale: options.locale,
      nowMs: this.#parts.now(),
      replay: options.replay,
      alwaysRetryStatuses: options.alwaysRetryStatuses,
    });
  }

  /**
   * Classifies a failed attempt, takes the one decision (`decide`) and applies it: the rate-limit
   * slot, the limit learned from a 429, the shared pause, the budget, and `onRetry` or `onGiveUp`.
   * The returned info is complete (attempts, delays, stop reason) when it is a stop.
   */
  async afterFailure(failure: AgnesFailure): Promise<FailureVerdict> {
    const { limiter, budget, now } = this.#parts;
    const sentAt = this.#slot;
    const info = this.classify(failure);
    if (this.#callId !== undefined) this.#attemptEnded(failure, info);
    const rateLimited = pausesClient(info.status, info.reason);
    this.#settle(false, rateLimited, signalsOverload(info.status, info.reason));
    // The server's limit, as its headers say or as this window's successes show: paced to from now.
    const limitKnown = rateLimited
      ? await limiter.learn(limitFromHeaders(toHeaderMap(failure.responseHeaders)), sentAt)
      : false;
    const decision = decide(info, this.#attempts, {
      options: this.options,
      elapsedMs: now() - this.#startedAt,
      previousDelayMs: this.#previousDelayMs,
      bodyReplayable: this.#parts.bodyReplayable,
      budget,
      signal: this.#signal,
      limitKnown,
    });
    if (decision.pauseMs !== undefined) await limiter.pause(decision.pauseMs);
    if (!decision.retry) return { decision, info: this.stop(info, decision.stop, decision.details) };
    if (budget && decision.budgetCost) {
      budget.trySpend(decision.budgetCost);
      this.#spentTokens += decision.budgetCost;
    }
    const callId = this.#callId;
    this.#parts.events.onRetry?.({
      attempt: this.#attempts,
      delayMs: decision.delayMs,
      info,
      ...(callId === undefined ? {} : { callId }),
    });
    if (callId !== undefined) this.#nextWait = { cause: waitCauseOf(info, decision), info };
    return { decision, info };
  }

  /**
   * Ends the call: completes its diagnosis with attempts, delays and the stop reason (by default the
   * policy's own, else `not_retryable`, which also marks the failure not retryable), and emits
   * `onGiveUp`. For clients that stop on their own.
   */
  stop(
    info: AgnesErrorInfo,
    reason: StopReason = info.stop ?? 'not_retryable',
    details: Readonly<Record<string, string | number>> | undefined = info.stopDetails,
  ): AgnesErrorInfo {
    // A client that stopped on its own never asked `afterFailure`: the attempt's slots end here,
    // and its end is reported with the call's.
    this.#settle(false);
    if (this.#callId !== undefined) this.#attemptEnded({ status: info.status }, info);
    this.#ended = true;
    return giveUp(
      info,
      this.#parts.events,
      {
        attempts: this.#attempts,
        totalDelayMs: this.#totalDelayMs,
        elapsedMs: this.#parts.now() - this.#startedAt,
        stop: reason,
        stopDetails: details,
      },
      this.#callId,
    );
  }

  /** Waits before the next attempt (abortable by the call's signal) and records the wait. */
  async wait(delayMs: number): Promise<void> {
    if (this.#callId !== undefined) {
      this.#waitStarted(delayMs);
      try {
        await sleep(delayMs, this.#signal);
      } catch (error) {
        this.#abandon();
        throw error;
      }
    } else await sleep(delayMs, this.#signal);
    this.#waited(delayMs);
  }

  /** Records a wait the client performs itself (got sleeps for the delay it is given). */
  recordWait(delayMs: number): void {
    if (this.#callId !== undefined) this.#waitStarted(delayMs);
    this.#waited(delayMs);
  }

  #waited(delayMs: number): void {
    this.#totalDelayMs += delayMs;
    this.#previousDelayMs = delayMs;
  }

  /**
   * The attempt in flight ended without an answer the call will decide on (the caller aborted it):
   * its rate-limit and concurrency slots are freed, and the call's end is emitted (`onCallEnd`).
   * For clients that end such an attempt on their own (ky's fetch, got on the caller's abort).
   */
  abandoned(): void {
    this.#settle(false);
    this.#abandon();
  }

  /** Records a success: settles the slot, refunds the retry budget. */
  succeeded(): void {
    this.#settle(true);
    this.#parts.budget?.refund(this.#spentTokens);
    if (this.#callId !== undefined) this.#succeededEvents();
  }

  // The call's events. Each is built only when a listener exists (a call id means one does).

  #attemptStarted(): void {
    const { now, events } = this.#parts;
    this.#attemptStartedAt = now();
    const attempt = this.#attempts;
    emit(events.onAttemptStart, {
      callId: this.#callId as string,
      attempt,
      resendCount: attempt - 1,
      startedAt: this.#attemptStartedAt,
    });
  }

  /** Emits the end of the attempt in flight, if it is still open. */
  #attemptEnded(
    failure: Pick<AgnesFailure, 'status' | 'condition'> | undefined,
    info: AgnesErrorInfo | undefined,
  ): void {
    const startedAt = this.#attemptStartedAt;
    if (startedAt === undefined) return;
    this.#attemptStartedAt = undefined;
    const attempt = this.#attempts;
    emit(this.#parts.events.onAttemptEnd, {
      callId: this.#callId as string,
      attempt,
      resendCount: attempt - 1,
      ok: failure === undefined,
      status: failure?.status,
      condition: failure?.status === undefined ? failure?.condition : undefined,
      reason: info?.reason,
      durationMs: this.#parts.now() - startedAt,
    });
  }

  #succeededEvents(): void {
    this.#attemptEnded(undefined, undefined);
    if (this.#ended) return;
    this.#ended = true;
    emit(this.#parts.events.onCallEnd, {
      callId: this.#callId as string,
      outcome: 'success',
      attempts: this.#attempts,
      totalDelayMs: this.#totalDelayMs,
      elapsedMs: this.#parts.now() - this.#startedAt,
    });
  }

  /**
   * The call ends without an answer or a diagnosis: the caller aborted it, or the client threw
   * something that is no request failure. Emits the call's end once (nothing when it had ended).
   */
  #abandon(): void {
    if (this.#callId === undefined) return;
    this.#attemptEnded({ condition: 'abort' }, undefined);
    if (this.#ended) return;
    this.#ended = true;
    emit(this.#parts.events.onCallEnd, {
      callId: this.#callId,
      outcome: this.#signal?.aborted ? 'aborted' : 'abandoned',
      attempts: this.#attempts,
      totalDelayMs: this.#totalDelayMs,
      elapsedMs: this.#parts.now() - this.#startedAt,
    });
  }

  #limiterWait(event: WaitEvent): void {
    emit(this.#parts.events.onCallWait, {
      callId: this.#callId as string,
      cause: event.cause === 'rpm' ? 'pacing' : 'pause',
      delayMs: event.waitMs,
      attempt: this.#attempts + 1,
      reason: undefined,
    });
  }

  #waitStarted(delayMs: number): void {
    const next = this.#nextWait;
    this.#nextWait = undefined;
    // A retry with no wait of its own (pacing knows the limit: the slot is the wait) is no wait.
    if (delayMs <= 0) return;
    emit(this.#parts.events.onCallWait, {
      callId: this.#callId as string,
      cause: next?.cause ?? 'backoff',
      delayMs,
      attempt: this.#attempts + 1,
      reason: next?.info.reason,
    });
  }

  /**
   * Runs the call with its client's pacing and retries. `attempt` performs one try under the
   * context's signal and reports it. Resolves with the outcome: the first success, or the last
   * failure with its complete diagnosis (the adapter turns it into its client's answer, see
   * `finalError`). Rejects only when a wait is aborted (with the signal's reason) or `attempt`
   * itself throws. A failure without a response while the deadline had expired is a timeout.
   */
  async run<T>(attempt: (context: AttemptContext) => Promise<AttemptResult<T>>): Promise<CallOutcome<T>> {
    for (;;) {
      try {
        await this.beforeAttempt();
      } catch (error) {
        // The deadline passed while the call waited for a concurrency slot: a timeout, said so.
        if (!(error instanceof ConcurrencyDeadlineError)) throw error;
        const info = this.classify({ condition: 'timeout', errorMessage: error.message });
        return {
          ok: false,
          error,
          info: this.stop(info, 'deadline', { deadlineMs: this.options.deadlineMs }),
        };
      }
      const signal = this.attemptSignal();
      let result: AttemptResult<T>;
      try {
        result = await attempt({
          attempt: this.#attempts,
          signal: signal.signal,
          get deadlineExpired() {
            return signal.deadlineExpired;
          },
          holdForBody: (reason) => signal.holdForBody(reason),
        });
      } catch (error) {
        // Aborted or broken: the slot's request ended here.
        this.#settle(false);
        this.#abandon();
        throw error;
      } finally {
        signal.release();
      }
      if (result.ok) {
        this.succeeded();
        return result;
      }
      const failure =
        signal.deadlineExpired && result.failure.status === undefined
          ? { ...result.failure, condition: 'timeout' as const }
          : result.failure;
      const { decision, info } = await this.afterFailure(failure);
      if (!decision.retry) return { ok: false, error: result.error, info };
      await this.wait(decision.delayMs);
    }
  }
}

/** Why the wait after a failure happens: what the server asked for, the pause after a 429, or backoff. */
function waitCauseOf(info: AgnesErrorInfo, decision: RetryDecision): WaitCause {
  if (info.retryAfterMs !== undefined) return 'retry_after';
  return decision.pauseMs !== undefined ? 'pause' : 'backoff';
}
