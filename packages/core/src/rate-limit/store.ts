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
   * request arrived. Until then the slot counts as in flight (for at most two windows); a slot whose
   * answer comes later than that is not counted again. Optional: a store without it counts every
   * slot from when it was taken.
   */
  settle?(
    key: string,
    window: RateLimitWindow,
    takenAt: number,
    settledAt: number,
    ok?: boolean,
  ): Promise<void> | void;
  /**
   * Frees the slot taken at `takenAt`: its request was refused without being counted (a rate-limit
   * 429). Optional: without it the refused request counts like any other.
   */
  release?(key: string, takenAt: number): Promise<void> | void;
  /**
   * How many requests of `key` were answered successfully in the window ending at `now`, by every
   * user of the store (settled with `ok`): what a limit is learned from. Optional: without it each
   * client counts its own.
   */
  answeredOk?(key: string, windowMs: number, now: number): Promise<number> | number;
  /** The request limit learned for `key` (shared by every user of the store), if any. Optional. */
  learnedLimit?(key: string): Promise<number | undefined> | number | undefined;
  /** Records the request limit learned for `key` from the server. Optional. */
  learnLimit?(key: string, rpm: number): Promise<void> | void;
  /**
   * Takes one of `limit` concurrency slots of `key`, shared by every user of the store, as
   * `token`, leased until `now + leaseMs` (a slot whose lease ran out is free again: its process
   * died). Optional: without it each process counts only its own requests in flight.
   * @returns true when the slot was taken.
   */
  acquireConcurrency?(
    key: string,
    limit: number,
    token: string,
    leaseMs: number,
    now: number,
  ): Promise<boolean> | boolean;
  /** Extends the lease of a concurrency slot still in use. Optional (with `acquireConcurrency`). */
  renewConcurrency?(key: string, token: string, leaseMs: number, now: number): Promise<void> | void;
  /** Frees a concurrency slot. Optional (with `acquireConcurrency`): without it the lease frees it. */
  releaseConcurrency?(key: string, token: string): Promise<void> | void;
}

interface KeyState {
  /** Answer times of the answered requests of the window, oldest first. */
  answered: number[];
  /** When each request still in flight was sent, oldest first. */
  inFlight: number[];
  /** Answer times of the successful requests of the window, oldest first. */
  ok: number[];
  pausedUntil: number;
  learned: number | undefined;
}

/** Drops the leading entries at or before `limit` of a sorted list. */
function dropUntil(list: number[], limit: number): void {
  let expired = 0;
  while (expired < list.length && (list[expired] ?? 0) <= limit) expired += 1;
  if (expired > 0) list.splice(0, expired);
}

/**
 * How long until `needed` requests of the window have left it: an answered one leaves a window
 * after its answer, one in flight no earlier than a window from now (it has not been answered yet)
 * and at the latest two windows after it was sent.
 */
function waitForSlots(state: KeyState, needed: number, windowMs: number, now: number): number {
  let answered = 0;
  let inFlight = 0;
  let leaves = now;
  for (let taken = 0; taken < needed; taken += 1) {
    const nextAnswered = state.answered[answered];
    const nextInFlight = state.inFlight[inFlight];
    const answeredLeaves = nextAnswered === undefined ? Number.POSITIVE_INFINITY : nextAnswered + windowMs;
    const inFlightLeaves =
      nextInFlight === undefined
        ? Number.POSITIVE_INFINITY
        : Math.min(now + windowMs, nextInFlight + 2 * windowMs);
    if (answeredLeaves <= inFlightLeaves) {
      leaves = answeredLeaves;
      answered += 1;
    } else {
      leaves = inFlightLeaves;
      inFlight += 1;
    }
  }
  return Math.max(1, leaves - now);
}

/**
 * A sliding-window log in memory: never more than `rpm` requests in any `windowMs` interval, which
 * also keeps within a fixed-window server limit. A request counts from its answer (`settle`); while
 * it is in flight it counts until it is answered (for at most two windows).
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #keys = new Map<string, KeyState>();

  #state(key: string): KeyState {
    let state = this.#keys.get(key);
    if (!state) {
      state = { answered: [], inFlight: [], ok: [], pausedUntil: 0, learned: undefined };
      this.#keys.set(key, state);
    }
    return state;
  }

  acquire(key: string, window: RateLimitWindow, now: number): number {
    const state = this.#state(key);
    if (state.pausedUntil > now) return state.pausedUntil - now;
    dropUntil(state.answered, now - window.windowMs);
    // Never answered within two windows (a hung request, or a client that does not settle).
    dropUntil(state.inFlight, now - 2 * window.windowMs);
    const count = state.answered.length + state.inFlight.length;
    // Without a limit every request is still logged: once one is learned, the window is already known.
    if (window.rpm === undefined || count < window.rpm) {
      state.inFlight.push(now);
      return 0;
    }
    return waitForSlots(state, count - window.rpm + 1, window.windowMs, now);
  }

  pause(key: string, durationMs: number, now: number): void {
    const state = this.#state(key);
    state.pausedUntil = Math.max(state.pausedUntil, now + durationMs);
  }

  settle(key: string, window: RateLimitWindow, takenAt: number, settledAt: number, ok = false): void {
    const state = this.#state(key);
    if (ok) {
      dropUntil(state.ok, settledAt - window.windowMs);
      state.ok.push(settledAt);
    }
    const at = state.inFlight.lastIndexOf(takenAt);
    // Already gone (in flight for over two windows): not counted again.
    if (at < 0) return;
    state.inFlight.splice(at, 1);
    const stamp = Math.max(settledAt, takenAt);
    // Kept in order: answers mostly arrive in order, so the place is found near the end.
    let index = state.answered.length;
    while (index > 0 && (state.answered[index - 1] ?? 0) > stamp) index -= 1;
    state.answered.splice(index, 0, stamp);
  }

  release(key: string, takenAt: number): void {
    const inFlight = this.#keys.get(key)?.inFlight;
    const at = inFlight?.lastIndexOf(takenAt) ?? -1;
    if (at >= 0) inFlight?.splice(at, 1);
  }

  answeredOk(key: string, windowMs: number, now: number): number {
    const state = this.#keys.get(key);
    if (!state) return 0;
    dropUntil(state.ok, now - windowMs);
    return state.ok.length;
  }

  learnedLimit(key: string): number | undefined {
    return this.#keys.get(key)?.learned;
  }

  learnLimit(key: string, rpm: number): void {
    this.#state(key).learned = rpm;
  }
}
