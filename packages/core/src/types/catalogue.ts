/** The HTTP statuses the Agnes error page documents. */
export type CatalogueStatus =
  | 400
  | 401
  | 402
  | 403
  | 404
  | 405
  | 408
  | 409
  | 413
  | 415
  | 422
  | 429
  | 431
  | 499
  | 500
  | 502
  | 503
  | 504
  | 520
  | 522
  | 524;

/** Locales the catalogue and every message are written in. */
export type AgnesLocale = 'en' | 'zh';

/** Broad family of a failure, for dashboards and branching. */
export type AgnesCategory =
  | 'invalid_request'
  | 'authentication'
  | 'billing'
  | 'permission'
  | 'not_found'
  | 'conflict'
  | 'rate_limit'
  | 'timeout'
  | 'server'
  | 'gateway'
  | 'network'
  | 'aborted'
  | 'unknown';

/**
 * Default retry stance of a status.
 * - `never`: final, never retried whatever the options say (402).
 * - `no`: not retried by default.
 * - `yes`: retried with backoff.
 */
export type RetryStance = 'never' | 'no' | 'yes';

/**
 * Whether the server may have done the work when this failure came back.
 * - `safe`: it did not (429, 503, 522, refused connection...): any method may be replayed.
 * - `ambiguous`: it may have (a 504 after the model ran): only idempotent or synchronous calls replay.
 */
export type ReplaySafety = 'safe' | 'ambiguous';

/** The words of one catalogue entry, in one locale. */
export interface EntryText {
  readonly title: string;
  readonly meaning: string;
  readonly causes: readonly string[];
  readonly solutions: readonly string[];
}

/** One documented Agnes status: its words, family and default retry policy. */
export interface CatalogueEntry extends EntryText {
  readonly status: CatalogueStatus;
  readonly category: AgnesCategory;
  readonly retry: RetryStance;
  /** Present for retried statuses: may the server have done the work when this status came back? */
  readonly replaySafety: ReplaySafety | undefined;
}
