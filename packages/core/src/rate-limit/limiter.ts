import type { WaitEvent } from '../options.ts';
import { sleep } from '../retry/sleep.ts';
import type { RateLimitStore, RateLimitWindow } from './store.ts';

/** Options of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  readonly store: RateLimitStore;
  readonly key: string;
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
 */
export class RateLimiter {
  readonly #options: RateLimiterOptions;

  constructor(options: RateLimiterOptions) {
    this.#options = options;
  }

  /** Resolves once this request may start; rejects with the signal's reason if it aborts first. */
  async acquire(signal?: AbortSignal | null): Promise<void> {
    const { store, key, window, now, onWait } = this.#options;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const answer = store.acquire(key, window, now());
      // The in-memory store answers synchronously: no extra tick on the success path.
      const waitMs = typeof answer === 'number' ? answer : await answer;
      if (waitMs <= 0) return;
      onWait?.({ waitMs, cause: window.rpm === undefined ? 'pause' : 'rpm' });
      await sleep(waitMs + (window.rpm === undefined ? 0 : (this.#options.marginMs ?? 0)), signal);
    }
  }

  /** Holds every request of this client for `ms` from now (after a 429). */
  async pause(ms: number): Promise<void> {
    await this.#options.store.pause(this.#options.key, ms, this.#options.now());
  }
}
