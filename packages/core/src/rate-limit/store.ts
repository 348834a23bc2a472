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
  /**
   * Re-stamps the slot taken at `takenAt` (the `now` given to `acquire`) with `settledAt`, when the
   * answer arrived: the server counted the request on arrival, which lies between the two, so a
   * slot counted from its answer cannot be reused inside the server's window however late the
   * request arrived. Until then a slot counts from a window after it was taken; a slot whose answer
   * comes after it expired is not counted again. Optional: a store without it counts every slot from
   * when it was taken.
   */
  settle?(key: string, window: RateLimitWindow, takenAt: number, settledAt: number): Promise<void> | void;
  /** The request limit learned for `key` (shared by every user of the store), if any. Optional. */
  learnedLimit?(key: string): Promise<number | undefined> | number | undefined;
  /** Records the request limit learned for `key` from the server. Optional. */
  learnLimit?(key: string, rpm: number): Promise<void> | void;
}

interface KeyState {
  /**
   * When each request of the window counts from, oldest first: its answer time once settled, else a
   * window after it was taken (a request in flight may not have reached the server yet).
   */
  starts: number[];
  pausedUntil: number;
  learned: number | undefined;
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
      state = { starts: [], pausedUntil: 0, learned: undefined };
      this.#keys.set(key, state);
    }
    return state;
  }

  acquire(key: string, window: RateLimitWindow, now: number): number {
    const state = this.#state(key);
    if (state.pausedUntil > now) return state.pausedUntil - now;
    const windowStart = now - window.windowMs;
    let expired = 0;
    while (expired < state.starts.length && (state.starts[expired] ?? 0) <= windowStart) expired += 1;
    if (expired > 0) state.starts.splice(0, expired);
    // Without a limit every start is still logged: once one is learned, the window is already known.
    if (window.rpm === undefined || state.starts.length < window.rpm) {
      // Until its answer arrives (`settle`), a slot counts as if answered a window after it was taken:
      // a request still in flight may not have reached the server yet.
      state.starts.push(now + window.windowMs);
      return 0;
    }
    const oldest = state.starts[state.starts.length - window.rpm] ?? now;
    return Math.max(1, oldest + window.windowMs - now);
  }

  pause(key: string, durationMs: number, now: number): void {
    const state = this.#state(key);
    state.pausedUntil = Math.max(state.pausedUntil, now + durationMs);
  }

  settle(key: string, window: RateLimitWindow, takenAt: number, settledAt: number): void {
    const starts = this.#state(key).starts;
    const provisional = takenAt + window.windowMs;
    const at = starts.lastIndexOf(provisional);
    if (at < 0) return;
    starts.splice(at, 1);
    // An answer later than the provisional stamp (a request that took long to reach the server)
    // moves the slot later still; a slot already expired is gone and stays gone.
    const stamp = Math.max(settledAt, takenAt);
    // Kept in order: answers mostly arrive in order, so the place is found near the end.
    let index = starts.length;
    while (index > 0 && (starts[index - 1] ?? 0) > stamp) index -= 1;
    starts.splice(index, 0, stamp);
  }

  learnedLimit(key: string): number | undefined {
    return this.#keys.get(key)?.learned;
  }

  learnLimit(key: string, rpm: number): void {
    this.#state(key).learned = rpm;
  }
}
