import type { AgnesReason, HintDetails } from './reasons.ts';
import type { StopReason } from './stop.ts';

/** A diagnosis in words: what was found and the most direct fix. */
export interface ReasonText {
  readonly cause: string;
  readonly fix?: string;
}

/** Every sentence the library writes, in one locale. */
export interface LocaleMessages {
  readonly reasons: { readonly [R in AgnesReason]: (details: HintDetails) => ReasonText };
  readonly stops: { readonly [S in StopReason]: (details: StopDetails) => string };
  /** Heading used when no HTTP response arrived. */
  readonly noResponseTitle: string;
  /** Heading used when preflight refused the request before it was sent. */
  readonly notSentTitle: string;
  readonly providerSaid: (message: string) => string;
  readonly gaveUp: (attempts: number, seconds: string) => string;
  readonly tryPrefix: string;
  readonly requestId: string;
  readonly listSeparator: string;
  readonly sentenceEnd: string;
}

/** Facts a stop sentence can name. */
export interface StopDetails {
  /** The endpoint kind of a request that was not replayed (`video_create` creates a billed task). */
  readonly endpoint?: string;
  readonly deadlineMs?: number;
  readonly retryAfterMs?: number;
  readonly maxRetryAfterMs?: number;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  /** The status the server would have answered a refused request with. */
  readonly expectedStatus?: number;
  /** The preflight rule that refused the request. */
  readonly rule?: string;
}
