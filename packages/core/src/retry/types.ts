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
  | 'disabled';

/** The engine's answer after a failed attempt. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | {
      readonly retry: false;
      readonly stop: StopReason;
      readonly details: Readonly<Record<string, string | number>>;
    };
