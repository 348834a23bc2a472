import type { AgnesErrorInfo } from './failure.ts';
import type { StopReason } from './stop.ts';

/** Sent after a failed attempt, before the wait. */
export interface RetryEvent {
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly info: AgnesErrorInfo;
}

/** Sent once when the engine stops trying. */
export interface GiveUpEvent {
  readonly attempts: number;
  readonly totalDelayMs: number;
  readonly info: AgnesErrorInfo;
  readonly stop: StopReason;
}

/** Sent when a request waits for the rate limiter before it starts. */
export interface WaitEvent {
  readonly waitMs: number;
  /**
   * `pause` when no rpm pacing is configured (so the wait is a pause after a 429); `rpm` when it is
   * (the wait is for a free slot in the window, or a pause, whichever ends later).
   */
  readonly cause: 'pause' | 'rpm';
}

/** Options every adapter and `agnesFetch` accept. */

/** Sent when the concurrency limit of `maxConcurrency: 'auto'` changes. */
export interface ConcurrencyChangeEvent {
  /** The limit before (`Infinity`: uncapped). */
  readonly from: number;
  /** The limit now (`Infinity`: uncapped again). */
  readonly to: number;
  /**
   * `overload`: an answer showed it (504, 524, a 503 that is no model fault, a client timeout);
   * `latency`: answers came back well slower than their recent floor; `healthy`: answers came
   * back healthy while the limit was in use.
   */
  readonly why: 'overload' | 'latency' | 'healthy';
}
