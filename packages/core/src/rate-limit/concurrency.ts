import { abortReason } from '../retry/sleep.ts';
import type { ConcurrencyChangeEvent } from '../types/events.ts';
import type { RateLimitStore } from './store.ts';

/** Options of a {@link ConcurrencyLimiter}. */
export interface ConcurrencyLimiterOptions {
  /** A hard cap, or `'auto'`: uncapped until the provider shows overload, then adaptive (AIMD). */
  readonly mode: number | 'auto';
  /** Shares the count of requests in flight with other processes when it can (`acquireConcurrency`). */
  readonly store: RateLimitStore;
  readonly key: string;
  readonly now: () => number;
  /** How long a shared slot lives without renewal: a slot of a process that died is freed after it. */
  readonly leaseMs: number;
  readonly onChange?: ((event: ConcurrencyChangeEvent) => void) | undefined;
}

/** How one request's answer went, for the adaptive limit. */
export interface ConcurrencyAnswer {
  /** The provider showed overload: 504, 524, a 503 that is no model fault, a client timeout. */
  readonly overload: boolean;
  /** Time from sending to the answer's headers, in ms (`undefined` when no answer arrived). */
  readonly latencyMs: number | undefined;
}

/** A slot held by one request in flight. */
export interface ConcurrencySlot {
  readonly token: string;
  readonly startedAt: number;
  /** Requests of this process in flight with it, itself included, when it started. */
  readonly level: number;
}

/** Thrown when the call's deadline passes while it waits for a slot. */
export class ConcurrencyDeadlineError extends DOMException {
  constructor() {
    super('The call reached its deadline (deadlineMs) waiting for a concurrency slot.', 'TimeoutError');
  }
}

interface Waiter {
  resolve(slot: ConcurrencySlot): void;
  reject(reason: unknown): void;
  cleanup(): void;
}

/** The adaptive limit's constants (AIMD), chosen from `pnpm bench` (the overload section). */
const auto = {
  /**
   * After an overload signal a capped limit falls by this factor (measured between Netflix
   * concurrency-limits' 0.9, which overshot into bursts of 504s, and TCP's 0.5, which gave up
   * goodput). The first signal of an uncapped client instead sets it to the number of requests sent
   * with the overloaded one that came back healthy (half of what was in flight if none did).
   */
  overloadFactor: 0.75,
  /** After sustained high latency it falls by a tenth: a milder signal than an error. */
  latencyFactor: 0.9,
  /** Latency this many times the recent floor, for the median of the last answers, is overload. */
  latencyRatio: 3,
  /** Answers in the latency median. */
  latencySamples: 8,
  /** The floor rises by this share per answer, so an old minimum fades. */
  floorDrift: 0.01,
  /**
   * One more slot per this many times `limit` healthy answers: a slow probe, because a provider
   * past its queue limit answers every request 504 for a whole gateway timeout, so one slot too
   * many costs a burst of 504s (measured: once per `limit` answers doubled the 504s).
   */
  probeAnswers: 4,
  /** The limit never falls below this. */
  minimum: 1,
  /** Above this many times the most ever in flight, the limit is lifted altogether. */
  liftRatio: 2,
};

/** How often a waiter asks a shared store again while other processes hold every slot. */
const sharedPollMs = 25;

/**
 * Caps the requests of one client (per rate-limit key) that are in flight at once. A fixed cap, or
 * `'auto'`: no cap until the provider shows overload (504, 524, a 503 that is no model fault, client
 * timeouts, or latency that climbs well above its recent floor), then additive increase and
 * multiplicative decrease: a quarter off on an overload answer, a tenth
 * off on sustained high latency, and one more slot per four times `limit` healthy answers while the
 * limit is in use. One decrease per episode: the answers to requests sent before the last decrease (the same
 * burst) lower it no further. Waiters are served in order; the caller's abort and the deadline end a wait at once.
 * With a store that shares slots (`acquireConcurrency`), every process counts against one total;
 * a slot lives for a lease renewed while its request runs.
 */
export class ConcurrencyLimiter {
  readonly #options: ConcurrencyLimiterOptions;
  #limit: number;
  #inFlight = 0;
  #peak = 0;
  readonly #waiters: Waiter[] = [];
  #floorMs = Number.POSITIVE_INFINITY;
  readonly #recent: number[] = [];
  #lastDecrease = Number.NEGATIVE_INFINITY;
  /** When each request that came back healthy since the last decrease had started. */
  readonly #healthyStarts: number[] = [];
  #counter = 0;
  readonly #renewals = new Map<string, ReturnType<typeof setInterval>>();

  constructor(options: ConcurrencyLimiterOptions) {
    this.#options = options;
    this.#limit = options.mode === 'auto' ? Number.POSITIVE_INFINITY : options.mode;
  }

  /** The cap now (`Infinity` while `'auto'` has seen no overload). */
  get limit(): number {
    return this.#limit;
  }

  /** Requests of this process in flight. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Resolves with a slot once a request may be sent. Rejects with the signal's reason when it
   * aborts, and with a {@link ConcurrencyDeadlineError} after `timeoutMs`.
   */
  acquire(
    signal?: AbortSignal | null,
    timeoutMs: number = Number.POSITIVE_INFINITY,
  ): Promise<ConcurrencySlot> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#waiters.length === 0 && this.#inFlight < Math.floor(this.#limit)) {
      const slot = this.#take();
      if (!this.#options.store.acquireConcurrency) return Promise.resolve(slot);
      // Shared: the store says whether the other processes left a slot free.
      return this.#shared(slot, signal, timeoutMs);
    }
    return this.#wait(signal, timeoutMs).then((slot) =>
      this.#options.store.acquireConcurrency ? this.#shared(slot, signal, timeoutMs) : slot,
    );
  }

  /** The request of `slot` has its answer (or none): frees the slot, adapts the limit, serves the next waiter. */
  release(slot: ConcurrencySlot, answer: ConcurrencyAnswer): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    const renewal = this.#renewals.get(slot.token);
    if (renewal !== undefined) {
      clearInterval(renewal);
      this.#renewals.delete(slot.token);
    }
    const { store, key } = this.#options;
    if (store.releaseConcurrency) {
      try {
        const done = store.releaseConcurrency(key, slot.token);
        if (done) done.catch(() => undefined);
      } catch {
        // The lease frees it.
      }
    }
    if (this.#options.mode === 'auto') this.#adapt(answer, slot);
    this.#drain();
  }

  #take(): ConcurrencySlot {
    this.#inFlight += 1;
    this.#peak = Math.max(this.#peak, this.#inFlight);
    this.#counter += 1;
    return {
      token: `${this.#options.now().toString(36)}-${this.#counter}-${Math.random().toString(36).slice(2, 8)}`,
      startedAt: this.#options.now(),
      level: this.#inFlight,
    };
  }

  #wait(signal: AbortSignal | null | undefined, timeoutMs: number): Promise<ConcurrencySlot> {
    return new Promise<ConcurrencySlot>((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => fail(new ConcurrencyDeadlineError()), Math.max(0, timeoutMs))
        : undefined;
      const onAbort = (): void => fail(abortReason(signal as AbortSignal));
      const waiter: Waiter = {
        resolve,
        reject,
        cleanup: () => {
          if (timer !== undefined) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      const fail = (reason: unknown): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        waiter.cleanup();
        reject(reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Serves waiters in order while the limit allows. */
  #drain(): void {
    while (this.#waiters.length > 0 && this.#inFlight < Math.floor(this.#limit)) {
      const waiter = this.#waiters.shift() as Waiter;
      waiter.cleanup();
      waiter.resolve(this.#take());
    }
  }

  /** Holds `slot` in the shared store too, asking again while other processes hold every slot. */
  async #shared(
    slot: ConcurrencySlot,
    signal: AbortSignal | null | undefined,
    timeoutMs: number,
  ): Promise<ConcurrencySlot> {
    const { store, key, now, leaseMs } = this.#options;
    const started = now();
    const limit = Number.isFinite(this.#limit) ? Math.floor(this.#limit) : Number.MAX_SAFE_INTEGER;
    for (;;) {
      let granted: boolean;
      try {
        granted = await (store.acquireConcurrency as NonNullable<RateLimitStore['acquireConcurrency']>)(
          key,
          limit,
          slot.token,
          leaseMs,
          now(),
        );
      } catch {
        // A store that fails is no reason to stop sending: the local cap still holds.
        granted = true;
      }
      if (granted) {
        this.#renew(slot);
        return slot;
      }
      const waitMs = Math.min(sharedPollMs, started + timeoutMs - now());
      const reason = signal?.aborted
        ? abortReason(signal)
        : waitMs <= 0
          ? new ConcurrencyDeadlineError()
          : undefined;
      if (reason !== undefined) {
        this.#inFlight = Math.max(0, this.#inFlight - 1);
        this.#drain();
        throw reason;
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  /** Keeps a shared slot's lease alive while its request runs. */
  #renew(slot: ConcurrencySlot): void {
    const { store, key, now, leaseMs } = this.#options;
    if (!store.renewConcurrency) return;
    const timer = setInterval(
      () => {
        try {
          const done = store.renewConcurrency?.(key, slot.token, leaseMs, now());
          if (done) done.catch(() => undefined);
        } catch {
          // The lease may lapse: the slot is then counted once less, never twice.
        }
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    (timer as { unref?: () => void }).unref?.();
    this.#renewals.set(slot.token, timer);
  }

  /** AIMD: lower on overload, raise on healthy answers while the limit is in use. */
  #adapt(answer: ConcurrencyAnswer, slot: ConcurrencySlot): void {
    const { now, onChange } = this.#options;
    const before = this.#limit;
    let why: ConcurrencyChangeEvent['why'] | undefined;
    const latency = answer.latencyMs;
    if (latency !== undefined && !answer.overload) {
      this.#floorMs = Math.min(latency, this.#floorMs * (1 + auto.floorDrift));
      this.#recent.push(latency);
      if (this.#recent.length > auto.latencySamples) this.#recent.shift();
    }
    // One decrease per episode: a request sent before the last decrease says nothing new.
    const cooled = slot.startedAt > this.#lastDecrease;
    const capped = Number.isFinite(this.#limit);
    if (!answer.overload && slot.startedAt > this.#lastDecrease && !capped)
      this.#healthyStarts.push(slot.startedAt);
    if (answer.overload) {
      if (cooled) {
        // Uncapped so far: as many as the provider served of the requests sent with this one (no
        // later than it), else half of what was in flight. Capped: a share of the limit.
        const served = this.#healthyStarts.filter((started) => started <= slot.startedAt).length;
        const next = capped
          ? this.#limit * auto.overloadFactor
          : served > 0
            ? served
            : (this.#inFlight + 1) / 2;
        this.#limit = Math.max(auto.minimum, Math.floor(next));
        why = 'overload';
      }
    } else if (this.#slow()) {
      if (cooled) {
        const served = this.#healthyStarts.length;
        const next = capped
          ? this.#limit * auto.latencyFactor
          : served > 0
            ? Math.min(served, (this.#inFlight + 1) * auto.latencyFactor)
            : (this.#inFlight + 1) * auto.latencyFactor;
        this.#limit = Math.max(auto.minimum, Math.floor(next));
        why = 'latency';
        this.#recent.length = 0;
      }
    } else if (Number.isFinite(this.#limit) && this.#inFlight + 1 >= Math.floor(this.#limit)) {
      this.#limit += 1 / (auto.probeAnswers * this.#limit);
      if (this.#limit > auto.liftRatio * Math.max(this.#peak, 1)) this.#limit = Number.POSITIVE_INFINITY;
      if (Math.floor(this.#limit) !== Math.floor(before)) why = 'healthy';
    }
    if (why === 'overload' || why === 'latency') {
      this.#lastDecrease = now();
      this.#healthyStarts.length = 0;
    }
    if (why !== undefined && Math.floor(before) !== Math.floor(this.#limit))
      onChange?.({ from: before, to: Math.floor(this.#limit), why });
  }

  /** The median of the last answers' latency is well above the floor. */
  #slow(): boolean {
    if (this.#recent.length < auto.latencySamples || !Number.isFinite(this.#floorMs)) return false;
    const sorted = [...this.#recent].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    return median > this.#floorMs * auto.latencyRatio;
  }
}
