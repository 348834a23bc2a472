import type { HeadersLike } from '../util/headers.ts';
import type { AgnesCategory, AgnesLocale, CatalogueEntry, ReplaySafety } from './catalogue.ts';
import type { EndpointKind } from './endpoint.ts';
import type { LocaleOption } from './locale.ts';
import type { AgnesHint, AgnesReason } from './reasons.ts';
import type { ReplayPolicy } from './settings.ts';
import type { StopReason } from './stop.ts';

/**
 * How a request failed without an HTTP error status: a network failure, a client timeout, the
 * caller's abort, or an error event inside a stream that had already started (`stream`).
 */
export type NoResponseCondition = 'network' | 'timeout' | 'abort' | 'stream';

/**
 * A failed call described in plain data, as adapters hand it to {@link classify}.
 * Every field is optional: the classifier uses what it gets.
 */
export interface AgnesFailure {
  /** HTTP status of the response, when one arrived. */
  readonly status?: number | undefined;
  /** What happened when no response arrived. */
  readonly condition?: NoResponseCondition | undefined;
  /** A system or client error code: `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`, `ETIMEDOUT`... */
  readonly errorCode?: string | undefined;
  /** The client's own error message, for diagnosis only. */
  readonly errorMessage?: string | undefined;
  readonly method?: string | undefined;
  readonly url?: string | URL | undefined;
  readonly requestHeaders?: HeadersLike | undefined;
  /** Request body: string, bytes, or an already-serialised plain object. Streams are ignored. */
  readonly requestBody?: unknown;
  readonly responseHeaders?: HeadersLike | undefined;
  /** Response body: string, bytes or parsed JSON. Only a bounded prefix is read. */
  readonly responseBody?: unknown;
  /** The per-attempt timeout that fired, for `client_timeout` messages. */
  readonly timeoutMs?: number | undefined;
  /**
   * Which attempt of the call this was, 1 for the first: after a retry, a 409 on a task-creating
   * POST means our own earlier attempt created the task.
   */
  readonly attempt?: number | undefined;
}

/** Options of {@link classify}. */
export interface ClassifyOptions {
  /**
   * Language of hints and messages: a bundle (`import { zh } from '@agnes-errors/core/zh'`), or the
   * name of a loaded one. A name whose bundle was never loaded gives English (`info.locale` says so).
   * @default 'en'
   */
  readonly locale?: LocaleOption | undefined;
  /**
   * The time now, in ms since the epoch, to turn an HTTP-date `Retry-After` into a delay.
   * @default Date.now()
   */
  readonly nowMs?: number | undefined;
  /**
   * @deprecated Use `nowMs` (in `AgnesOptions`, `now` is a clock function; here it was a number).
   * Removed in the next minor version.
   */
  readonly now?: number | undefined;
  /**
   * The replay policy the verdict (`retryable`, `stop`) applies, as in `AgnesOptions.replay`.
   * @default 'auto'
   */
  readonly replay?: ReplayPolicy | undefined;
  /**
   * Statuses the verdict treats as retryable, as in `AgnesOptions.alwaysRetryStatuses`.
   * @default []
   */
  readonly alwaysRetryStatuses?: readonly number[] | undefined;
}

/** The diagnosis of one failed call. */
export interface AgnesErrorInfo {
  /** HTTP status, or `undefined` when no response arrived. */
  readonly status: number | undefined;
  readonly category: AgnesCategory;
  /** The most specific diagnosis: a stable snake_case code. */
  readonly reason: AgnesReason;
  /**
   * Whether the policy allows another attempt of this request: status, diagnosis, method, endpoint
   * and replay policy. The retry engine adds only the call's limits (attempts, deadline, budget).
   */
  readonly retryable: boolean;
  /**
   * Whether the server may have done the work (`ambiguous`) or cannot have (`safe`); decides whether
   * a non-idempotent request may be replayed. Set for failures whose status or condition is retried.
   */
  readonly replaySafety: ReplaySafety | undefined;
  /** How long the server asked to wait, from its headers. */
  readonly retryAfterMs: number | undefined;
  /** Specific diagnoses, most relevant first. */
  readonly hints: readonly AgnesHint[];
  readonly requestId: string | undefined;
  readonly providerCode: string | undefined;
  readonly providerType: string | undefined;
  /** The provider's message, credentials redacted and the trailing request id removed. */
  readonly providerMessage: string | undefined;
  readonly method: string | undefined;
  /** The request URL, credentials redacted. */
  readonly url: string | undefined;
  readonly endpoint: EndpointKind;
  /** The catalogue entry of the status, in the requested locale. */
  readonly entry: CatalogueEntry | undefined;
  readonly locale: AgnesLocale;
  /** Attempts made, set by the retry layer. */
  readonly attempts?: number;
  /** Time spent waiting between attempts, in ms, set by the retry layer. */
  readonly totalDelayMs?: number;
  /** Time from the first attempt to the final failure, in ms, set by the retry layer. */
  readonly elapsedMs?: number;
  /**
   * Why no further attempt is made: set by `classify` when the policy refuses a retry
   * (`retryable: false`), and by the retry layer when it stopped for any other reason.
   */
  readonly stop?: StopReason | undefined;
  /** The stop sentence's facts. */
  readonly stopDetails?: Readonly<Record<string, string | number>> | undefined;
  /**
   * For an unknown or unrouted model: the closest models the key can use, closest first, from
   * `GET /v1/models` (set by `agnesFetch` and the adapters built on it, see `AgnesOptions.modelList`).
   */
  readonly suggestedModels?: readonly string[] | undefined;
}
