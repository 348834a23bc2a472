/** The limit a client paces to. */
export interface RateLimitWindow {
  /** Requests allowed per window; `undefined` checks only the pause. */
  readonly rpm: number | undefined;
  readonly windowMs: number;
}

/**
 * Where rate-limit state lives. The in-memory store serves one process; a shared store (Redis)
 * serves every process that uses the same key. Implementations must be atomic per call.
 */
export interface RateLimitStore {
  /**
   * Takes one request slot for `key` at time `now` if one is free and no pause is in force.
   * @returns 0 when the slot was taken, else how many ms to wait before asking again.
   */
  acquire(key: string, window: RateLimitWindow, now: number): Promise<number> | number;
  /**
   * Holds every request of `key` for `durationMs` from `now`; a pause that ends later wins. Shared
   * stores may use their own clock for both, so machines with skewed clocks still agree.
   */
  pause(key: string, durationMs: number, now: number): Promise<void> | void;
}

interface KeyState {
  /** Start times of the requests in the current window, oldest first. */
  starts: number[];
  pausedUntil: number;
}

/**
 * A sliding-window log in memory: never more than `rpm` starts in any `windowMs` interval, which
 * also keeps within a fixed-window server limit.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #keys = new Map<string, KeyState>();

  #state(key: string): KeyState {
    let state = this.#keys.get(key);
    if (!state) {
      state = { starts: [], pausedUntil: 0 };
      this.#keys.set(key, state);
    }
    return state;
  }

  acquire(key: string, window: RateLimitWindow, now: number): number {
    const state = this.#state(key);
    if (state.pausedUntil > now) return state.pausedUntil - now;
    if (window.rpm === undefined) return 0;
    const windowStart = now - window.windowMs;
    let expired = 0;
    while (expired < state.starts.length && (state.starts[expired] ?? 0) <= windowStart) expired += 1;
    if (expired > 0) state.starts.splice(0, expired);
    if (state.starts.length < window.rpm) {
      state.starts.push(now);
      return 0;
    }
    const oldest = state.starts[state.starts.length - window.rpm] ?? now;
    return Math.max(1, oldest + window.windowMs - now);
  }

  pause(key: string, durationMs: number, now: number): void {
    const state = this.#state(key);
    state.pausedUntil = Math.max(state.pausedUntil, now + durationMs);
  }
}
