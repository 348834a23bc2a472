/** Why the retry engine stopped trying. */
export type StopReason =
  | 'not_retryable'
  | 'final'
  | 'max_retries'
  | 'deadline'
  | 'budget_exhausted'
  | 'not_replayable'
  | 'unsafe_body'
  | 'caller_aborted'
  | 'retry_after_too_long'
  | 'disabled'
  /** Refused before sending: the request could only fail (see the `preflight` option). */
  | 'preflight';

/**
 * The engine's answer after a failed attempt: everything that follows from it. `pauseMs`, when set,
 * pauses every request of the client (a rate-limit 429); `fallback` says a stop is one another model
 * may not have (unknown or unrouted model, a 503 that outlasted the retries).
 */
export type RetryDecision =
  | {
      readonly retry: true;
      readonly delayMs: number;
      /** Retry-budget tokens this retry spends. */
      readonly budgetCost?: number;
      readonly pauseMs?: number;
    }
  | {
      readonly retry: false;
      readonly stop: StopReason;
      readonly details: Readonly<Record<string, string | number>>;
      readonly pauseMs?: number;
      readonly fallback?: boolean;
    };
