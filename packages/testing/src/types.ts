/** Language of the provider's error messages. */
export type ProviderLocale = 'en' | 'zh';

/**
 * One scripted answer. `'ok'` lets the request through to the normal route (with its built-in
 * checks); an object answers as it says.
 */
export type MockStep =
  | 'ok'
  | {
      /** HTTP status to answer with. @default 200 when only `delayMs` is set, else 500 */
      readonly status?: number;
      /** Provider error message; the request id is appended as the provider does. @default the status's usual message */
      readonly message?: string;
      /** `error.type` of the body. @default 'new_api_error'; on `/v1/messages` the Anthropic type of the status (`overloaded_error` for 529) */
      readonly type?: string;
      /** `error.code` of the body. @default undefined */
      readonly code?: string | number;
      /** Language of the default message. @default the server's `locale` */
      readonly locale?: ProviderLocale;
      /** A raw body (string) or JSON value sent as is instead of the provider error body. @default undefined */
      readonly body?: unknown;
      /** Send an HTML edge page (as 520/522/524 do). @default true for 520, 522, 524 */
      readonly html?: boolean;
      /** Extra response headers. @default {} */
      readonly headers?: Readonly<Record<string, string>>;
      /** `Retry-After` value: seconds, or a string such as an HTTP-date. @default undefined */
      readonly retryAfter?: number | string;
      /** `retry-after-ms` header. @default undefined */
      readonly retryAfterMs?: number;
      /** Wait this long before answering. @default 0 */
      readonly delayMs?: number;
      /** Never answer (until the client gives up or the server closes). @default false */
      readonly hang?: boolean;
      /** Destroy the connection `before` any byte is sent, or `after` the headers and part of the body. @default undefined */
      readonly reset?: 'before' | 'after';
      /** Send the status and headers, then the body one byte every `trickleMs`, never finishing. @default undefined */
      readonly trickleMs?: number;
      /**
       * Send a provider error body of this many bytes (the message padded with spaces), written in
       * 64 KiB chunks only as fast as the client reads, so the server holds little memory; the
       * record's `bodyBytesSent` counts what the client took. @default undefined
       */
      readonly largeBodyBytes?: number;
      /**
       * For `stream: true` chat requests: send this many chunks, then an SSE error event (on
       * `/v1/messages`, Anthropic's `event: error` with an `overloaded_error`). @default undefined
       */
      readonly sseErrorAfter?: number;
      /** For `stream: true` chat requests: send this many chunks, then drop the connection. @default undefined */
      readonly resetAfterChunks?: number;
    };

/** How the mock upstream slows down and times out under load (see `MockAgnesOptions.overload`). */
export interface OverloadModel {
  /** Time a request takes when it is the only one, in ms. @default 20 */
  readonly baseLatencyMs?: number;
  /** Time each other request being worked on adds, in ms. @default 10 */
  readonly perRequestMs?: number;
  /** Requests worked on at once before the gateway gives up on the next ones. @default 10 */
  readonly queueLimit?: number;
  /** How long the gateway waits before it answers a request past the queue limit, in ms. @default 200 */
  readonly gatewayTimeoutMs?: number;
  /** The gateway's answer: 504, or 524 as the edge says it. @default 504 */
  readonly status?: 504 | 524;
}

/** Options of {@link startMockAgnes}. */
export interface MockAgnesOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Address to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /**
   * Bearer key check: `'any'` accepts any `sk-`/`cpk-` key, a list accepts only those keys, `false` accepts all.
   * @default 'any'
   */
  readonly auth?: 'any' | readonly string[] | false;
  /**
   * Keys the server refuses with 401 (a disabled or revoked key), even when `auth` would accept them.
   * @default []
   */
  readonly refusedKeys?: readonly string[];
  /**
   * The models `GET /v1/models` lists per key (a key not named here sees every model).
   * @default {}
   */
  readonly modelsByKey?: Readonly<Record<string, readonly string[]>>;
  /**
   * Send rate-limit headers (`x-ratelimit-limit-requests`, `x-ratelimit-remaining-requests`,
   * `x-ratelimit-reset-requests`) on every answer, from the `rpm` window; the real provider may not.
   * @default false
   */
  readonly limitHeaders?: boolean;
  /** Requests per window the server accepts before answering 429. @default undefined (no limit) */
  readonly rpm?: number | undefined;
  /** Length of the RPM window in ms. @default 60000 */
  readonly rpmWindowMs?: number;
  /** Send `Retry-After` (seconds until the window frees) with 429s; the real provider does not. @default false */
  readonly rateLimitRetryAfter?: boolean;
  /**
   * On `/v1/messages`, send Anthropic's `anthropic-ratelimit-requests-limit`, `-remaining` and
   * `-reset` (when the window frees) with 429s, as Anthropic's own API does. @default false
   */
  readonly anthropicRateLimitHeaders?: boolean;
  /** Status for an unknown model: 404, or 503 as new-api's "no available channel". @default 503 */
  readonly unknownModelStatus?: 404 | 503;
  /** Built-in parameter checks, each switchable. @default all true */
  readonly checks?: {
    readonly imageSize?: boolean;
    readonly videoSize?: boolean;
    readonly n?: boolean;
    readonly maxTokens?: boolean;
    readonly model?: boolean;
  };
  /** Largest request body accepted before 413, in bytes. @default 10485760 */
  readonly maxBodyBytes?: number;
  /** Largest total request header size before 431, in bytes. @default 16384 */
  readonly maxHeaderBytes?: number;
  /** Language of the provider's error messages. @default 'en' */
  readonly locale?: ProviderLocale;
  /** Polls a video task spends in each of `queued` and `in_progress`. @default 1 */
  readonly videoPollsPerState?: number;
  /**
   * Random failures for brownout tests: each request (after scripted steps) fails with probability
   * `rate`, with one of `statuses` (edge statuses as HTML pages), from a seeded generator so runs repeat.
   * @default undefined (no random failures)
   */
  readonly faults?: { readonly rate: number; readonly statuses: readonly number[]; readonly seed?: number };
  /**
   * An upstream that slows down under load (its 504/524 causes: "high service load during peak
   * hours"): every request it works on adds to the time each takes, and past `queueLimit` requests
   * the gateway waits `gatewayTimeoutMs` and answers 504 (or 524), the work wasted. Applies to
   * requests that reach a route (after the script, faults and the provider's checks).
   * @default undefined (no overload model)
   */
  readonly overload?: OverloadModel | undefined;
  /** Scripted steps per route, e.g. `{ 'POST /v1/chat/completions': [{ status: 503 }, 'ok'] }`. @default {} */
  readonly script?: Readonly<Record<string, readonly MockStep[]>>;
  /**
   * Let browser pages on other origins call the server: `true` (any origin) or the allowed origins.
   * Preflight requests are answered without a key and not recorded; answers expose the headers the
   * library reads (request id, Retry-After, rate-limit headers).
   * @default false
   */
  readonly cors?: boolean | { readonly origins: readonly string[] };
}

/** A request as the server received it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path with query string. */
  readonly path: string;
  /** Path without query string. */
  readonly pathname: string;
  /** Lower-cased headers; the Authorization and x-api-key values are redacted to their scheme and key prefix. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, or the text when it is not JSON, or `undefined` when empty. */
  readonly body: unknown;
  /** Epoch ms when the request arrived. */
  readonly time: number;
  /** Status the server answered with (`0` for a reset or hang). */
  status: number;
  /** For a `largeBodyBytes` step: the body bytes written before the client stopped reading. */
  bodyBytesSent?: number;
}

/** A running mock server. */
export interface MockAgnes {
  /** Base URL for SDKs, ending in `/v1`. */
  readonly baseURL: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Requests to one route (`'POST /v1/chat/completions'` or a path). */
  requestsTo(route: string): RecordedRequest[];
  /** Appends scripted steps for a route (`'POST /v1/videos'`, `'/v1/models'` for any method, or `'*'`). */
  script(route: string, steps: readonly MockStep[]): void;
  /** Requests the overload model is working on now (0 without one). */
  readonly working: number;
  /** The most requests the overload model worked on at once. */
  readonly peakWorking: number;
  /** Clears recorded requests, scripts, the RPM window and video tasks. */
  reset(): void;
  /** Stops the server and ends every open connection. */
  close(): Promise<void>;
}
