import { sleep } from '../retry/sleep.ts';
import type { WaitEvent } from '../types/events.ts';
import type { RateLimitStore, RateLimitWindow } from './store.ts';

/** Options of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  readonly store: RateLimitStore;
  readonly key: string;
  /** The configured limit (`rpm` undefined: learned from the server's 429s) and the window length. */
  readonly window: RateLimitWindow;
  readonly now: () => number;
  readonly onWait?: ((event: WaitEvent) => void) | undefined;
  /**
   * Extra wait on top of each window wait (see the `rpmMarginMs` option).
   * @default 0
   */
  readonly marginMs?: number;
}

/**
 * Paces the requests of one client: each waits for a free slot (and for any 429 pause) before it
 * starts. Waits are abortable and leave no timer behind.
 *
 * The limit is the configured `rpm`, or, lower or in its absence, the one learned from the server:
 * after a rate-limit 429 the limit is what the server announced in its headers, else the number of
 * requests answered successfully in the window before it (and one less at every later 429 while
 * pacing to it). A slot counts from when its answer arrived (`settle`), so a request that reached
 * the server late cannot push two windows' requests into one.
 */
export class RateLimiter {
  readonly #options: RateLimiterOptions;
  /** The limit learned from the server, if any. */
  #learned: number | undefined;
  /** When it was learned: 429s of requests sent before then say nothing new about it. */
  #learnedAt = Number.NEGATIVE_INFINITY;
  /** When the store's shared learned limit was last read. */
  #readAt = Number.NEGATIVE_INFINITY;

  constructor(options: RateLimiterOptions) {
    this.#options = options;
  }

  /** The limit paced to now: the configured `rpm`, lowered to the learned one; `undefined` for none. */
  get limit(): number | undefined {
    const { rpm } = this.#options.window;
    if (this.#learned === undefined) return rpm;
    return rpm === undefined ? this.#learned : Math.min(rpm, this.#learned);
  }

  /**
   * Resolves once this request may start, with the slot's stamp (give it to `settle` when the answer
   * arrives); rejects with the signal's reason if it aborts first. `onCallWait` is told each wait
   * too, for the call that waits.
   */
  async acquire(signal?: AbortSignal | null, onCallWait?: (event: WaitEvent) => void): Promise<number> {
    const { store, key, window, now, onWait } = this.#options;
    if (store.learnedLimit && now() - this.#readAt >= window.windowMs) await this.#readShared();
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const limit = this.limit;
      const stamp = now();
      const answer = store.acquire(key, { rpm: limit, windowMs: window.windowMs }, stamp);
      // The in-memory store answers synchronously: no extra tick on the success path.
      const waitMs = typeof answer === 'number' ? answer : await answer;
      if (waitMs <= 0) return stamp;
      const event: WaitEvent = { waitMs, cause: limit === undefined ? 'pause' : 'rpm' };
      onWait?.(event);
      onCallWait?.(event);
      await sleep(waitMs + (limit === undefined ? 0 : (this.#options.marginMs ?? 0)), signal);
    }
  }

  /** The answer to the request that took the slot stamped `stamp` arrived; `ok` when it succeeded. */
  settle(stamp: number, ok: boolean): void {
    const { store, key, window, now } = this.#options;
    try {
      const done = store.settle?.(key, window, stamp, now(), ok);
      // A store error here only loses the re-stamp: the slot still counts as in flight, for a while.
      if (done) done.catch(() => undefined);
    } catch {
      // As above.
    }
  }

  /** The request that took the slot stamped `stamp` was refused without being counted (a rate-limit 429). */
  release(stamp: number): void {
    const { store, key } = this.#options;
    try {
      const done = store.release?.(key, stamp);
      if (done) done.catch(() => undefined);
    } catch {
      // The slot then counts until it expires.
    }
  }

  /**
   * Learns the server's limit from a rate-limit 429: `announced` when its headers said it; else, the
   * first time, the successful answers of the last window as the store counts them (nothing below
   * 2); at a later 429 of a request sent while pacing to it (`sentAt`, its slot's stamp), one less.
   * Resolves true when pacing now accounts for this 429 (it taught the first limit, or was sent in
   * the burst before it): no pause of the whole client is needed, the window log holds the requests.
   */
  async learn(announced: number | undefined, sentAt: number = Number.POSITIVE_INFINITY): Promise<boolean> {
    const { store, key, window, now } = this.#options;
    // Sent before the limit in force was learned (the same burst): it tells nothing new, and pacing
    // already accounts for it.
    if (this.#learned !== undefined && sentAt <= this.#learnedAt) return true;
    let learned: number;
    if (announced !== undefined) learned = announced;
    else if (this.#learned === undefined) {
      // The store counts the successes (a shared one, every process's); one without `answeredOk`
      // learns from headers only.
      try {
        learned = (await store.answeredOk?.(key, window.windowMs, now())) ?? 0;
      } catch {
        learned = 0;
      }
      // One success or none says nothing about the limit (the window was used up elsewhere): the
      // pause after this 429 is all that is done.
      if (learned < 2) return false;
    } else learned = Math.max(1, this.#learned - 1);
    // Paced to this very limit and refused all the same: something else uses the account.
    if (learned === this.#learned) return false;
    const first = this.#learned === undefined;
    this.#learned = learned;
    this.#learnedAt = now();
    try {
      await store.learnLimit?.(key, learned);
    } catch {
      // Shared learning is best effort: this process paces to what it learned.
    }
    return first;
  }

  /** Holds every request of this client for `ms` from now (after a 429). */
  async pause(ms: number): Promise<void> {
    await this.#options.store.pause(this.#options.key, ms, this.#options.now());
  }

  /** Reads the limit other users of a shared store learned, at most once per window. */
  async #readShared(): Promise<void> {
    const { store, key, now } = this.#options;
    if (!store.learnedLimit) return;
    this.#readAt = now();
    try {
      const shared = store.learnedLimit(key);
      const value = typeof shared === 'number' || shared === undefined ? shared : await shared;
      if (value !== undefined && Number.isInteger(value) && value >= 1) this.#learned = value;
    } catch {
      // Best effort, as above.
    }
  }
}
