import { classify } from '../classify/index.ts';
import {
  type AgnesCallOptions,
  type AgnesOptions,
  type NormalizedOptions,
  normalizeOptions,
} from '../options.ts';
import { defaultRateLimitKey } from '../rate-limit/call-key.ts';
import { ConcurrencyLimiter } from '../rate-limit/concurrency.ts';
import { RateLimiter } from '../rate-limit/limiter.ts';
import { MemoryRateLimitStore, type RateLimitStore } from '../rate-limit/store.ts';
import { RetryBudget } from '../retry/budget.ts';
import type { AgnesErrorInfo, AgnesFailure } from '../types/failure.ts';
import type { HeadersLike } from '../util/headers.ts';
import { AgnesCall, giveUp } from './call.ts';
import type { CallRequest } from './call-events.ts';

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
  /**
   * Describes the request (method, URL, body or model) for `onCallStart`: called only when that
   * listener exists, so the success path of a call nobody listens to builds nothing.
   * @default undefined (the call's start event names no operation, model or server)
   */
  readonly request?: (() => CallRequest) | undefined;
}

/**
 * The per-client heart of every adapter: options, the rate limiter and the retry budget, shared by
 * every call of the client. `begin()` starts a call ({@link AgnesCall}), which owns its progress.
 */
export class AgnesController {
  readonly options: NormalizedOptions;
  readonly budget: RetryBudget | undefined;
  /** The cap on requests in flight (`maxConcurrency`), if any. */
  readonly concurrency: ConcurrencyLimiter | undefined;
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
    const { maxConcurrency } = this.options;
    this.concurrency =
      maxConcurrency === undefined
        ? undefined
        : new ConcurrencyLimiter({
            mode: maxConcurrency,
            store: this.#store,
            key: this.options.rateLimitKey,
            now: this.options.now,
            leaseMs: this.options.concurrencyLeaseMs,
            onChange: options.onConcurrencyChange,
          });
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

  /** Starts one call. */
  begin(call: BeginOptions = {}): AgnesCall {
    const overrides = call.overrides;
    return new AgnesCall({
      limiter: this.#limiterOf(call),
      concurrency: this.concurrency,
      budget: this.budget,
      now: this.options.now,
      options: overrides ? normalizeOptions({ ...this.#raw, ...overrides }) : this.options,
      events: overrides ? { ...this.#raw, ...overrides } : this.#raw,
      signal: call.signal,
      bodyReplayable: call.bodyReplayable ?? true,
      // Without a description, the URL the adapter gave for the rate limit still names the call.
      request: call.request ?? (call.url === undefined ? undefined : () => ({ url: call.url })),
    });
  }

  /** Classifies a failure outside any call, in the client's locale and policy. */
  classify(failure: AgnesFailure): AgnesErrorInfo {
    return classify(failure, {
      locale: this.options.locale,
      nowMs: this.options.now(),
      replay: this.options.replay,
      alwaysRetryStatuses: this.options.alwaysRetryStatuses,
    });
  }

  /**
   * The final diagnosis of a failure reported after a stream had started and its first attempt had
   * answered (a framework hands it on after the call that sent it ended): never replayed, one
   * attempt, the client's `onGiveUp` emitted.
   */
  streamFailed(failure: AgnesFailure): AgnesErrorInfo {
    const info = this.classify({ ...failure, condition: 'stream' });
    return giveUp(info, this.#raw, {
      attempts: 1,
      totalDelayMs: 0,
      elapsedMs: 0,
      stop: info.stop ?? 'not_retryable',
      stopDetails: info.stopDetails,
    });
  }
}
