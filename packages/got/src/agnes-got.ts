import { type AgnesErrorInfo, type AgnesOptions, agnesFetch } from '@agnes-errors/core';
import {
  type AgnesCall,
  AgnesController,
  abortOrTimeout,
  agnesScope,
  finalError,
  isNetworkFailure,
  type ModelListFetch,
  suggestModels,
} from '@agnes-errors/core/adapter-kit';
import type { AfterResponseHook, BeforeErrorHook, BeforeRequestHook, ExtendOptions, RetryObject } from 'got';
import { capErrorBodies } from './error-body-cap.ts';
import { type GotLikeError, toFailure } from './failure.ts';
import { callerRetries, gotOwnDelay } from './got-defaults.ts';

/** Options of {@link agnesGot}: every core option applies. */
export type AgnesGotOptions = AgnesOptions;

/** Where a call's state travels: got copies `options.context` from attempt to attempt. */
const callKey: unique symbol = Symbol('agnes-errors.got.call');

interface GotCall {
  readonly call: AgnesCall;
  /** The stop decision's complete diagnosis, for `beforeError`. */
  final?: AgnesErrorInfo;
  /** Not a network failure (a hook's or the caller's own error): handed back untouched. */
  untouched?: boolean;
  /** Stops watching the caller's signal (see `watchAbort`). */
  unwatch?: () => void;
}

/**
 * got rejects on the caller's abort without running a hook of ours: the call's end is emitted from
 * the signal itself. Only when someone listens to the call's events (a call id exists).
 */
function watchAbort(link: GotCall, signal: AbortSignal | undefined): void {
  if (!signal || link.call.callId === undefined) return;
  const abandon = () => link.call.abandoned();
  signal.addEventListener('abort', abandon, { once: true });
  link.unwatch = () => signal.removeEventListener('abort', abandon);
}

interface OptionsLike {
  context: Record<string | symbol, unknown>;
  url?: URL | string | undefined;
  prefixUrl?: URL | string | undefined;
  headers?: Record<string, string | string[] | undefined>;
  method?: string;
  retry?: { limit?: unknown; methods?: unknown };
  body?: unknown;
  json?: unknown;
  signal?: AbortSignal | undefined;
  timeout: { request?: number | undefined };
}

const allMethods = ['GET', 'POST', 'PUT', 'PATCH', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'QUERY'];
const errorStatuses = Array.from({ length: 200 }, (_, index) => 400 + index);
/** got's retry codes plus the other ways a socket fails. */
const networkCodes = [
  'ETIMEDOUT',
  'ECONNRESET',
  'EADDRINUSE',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  // got 16: a body shorter than its Content-Length (the connection dropped mid-body).
  'ERR_HTTP_CONTENT_LENGTH_MISMATCH',
  'EPROTO',
  'ERR_GOT_REQUEST_ERROR',
];

function callOf(options: { context?: Record<string | symbol, unknown> } | undefined): GotCall | undefined {
  return options?.context?.[callKey] as GotCall | undefined;
}

/**
 * Options for `got.extend()` that make got's own retry loop Agnes-aware: `calculateDelay` asks the
 * Agnes engine after every failure (POST replay rules, Retry-After and the RPM window, backoff,
 * deadline, budget), `beforeRequest` paces every attempt, and `beforeError` gives the final
 * `RequestError`/`HTTPError` the diagnosis (`error.agnes`) and an Agnes message.
 *
 * @example
 * const api = got.extend({ prefixUrl: 'https://apihub.agnes-ai.com/v1', headers: { authorization: `Bearer ${key}` } }, agnesGot({ rpm: 20 }));
 */
export function agnesGot(options: AgnesGotOptions = {}): ExtendOptions {
  const controller = new AgnesController(options);
  const ourRetry = {
    // The Agnes decision comes first; got's rules only have to let it be asked.
    limit: controller.options.maxRetries + 1,
    methods: allMethods,
    statusCodes: errorStatuses,
    errorCodes: networkCodes,
    // got cancels a retry whose Retry-After exceeds this; the Agnes engine clamps or fails instead.
    maxRetryAfter: Number.MAX_SAFE_INTEGER,
  };
  const inScope = agnesScope({ hosts: controller.options.hosts });
  const urlOf = (gotOptions: OptionsLike | undefined): string | undefined => {
    const url = gotOptions?.url;
    return url instanceof URL ? url.href : url;
  };

  const beforeRequest = async (options_: Parameters<BeforeRequestHook>[0]): Promise<void> => {
    const gotOptions = options_ as unknown as OptionsLike;
    let link = callOf(gotOptions);
    if (!link) {
      // Not an Agnes call: got handles it exactly as without us (see calculateDelay and beforeError).
      if (!inScope(urlOf(gotOptions), gotOptions.prefixUrl)) return;
      // The caller's own per-request retry limit or methods, when stricter, bound ours.
      const allowed = callerRetries(gotOptions.retry, ourRetry, gotOptions.method ?? 'GET');
      link = {
        call: controller.begin({
          signal: gotOptions.signal,
          url: urlOf(gotOptions),
          requestHeaders: gotOptions.headers,
          request: () => ({
            method: gotOptions.method,
            url: urlOf(gotOptions),
            body: gotOptions.json ?? gotOptions.body,
          }),
          ...(allowed !== undefined &&
            allowed < controller.options.maxRetries && { overrides: { maxRetries: allowed } }),
        }),
      };
      // A new context object: got's defaults share one, and got copies it to every retry.
      gotOptions.context = { ...gotOptions.context, [callKey]: link };
      watchAbort(link, gotOptions.signal);
      // A request the provider would certainly reject is refused before it takes a slot: got wraps
      // what a hook throws in a RequestError (no response), which `beforeError` decorates.
      const refused = link.call.preflight({
        method: gotOptions.method,
        url: gotOptions.url,
        headers: gotOptions.headers,
        body: gotOptions.body ?? gotOptions.json,
      });
      if (refused) {
        link.final = refused;
        throw new Error('Agnes preflight: request not sent');
      }
    }
    await link.call.beforeAttempt();
    // With deadlineMs, got's own whole-attempt timeout ends an attempt still running at the deadline.
    const remainingMs = link.call.remainingMs();
    if (Number.isFinite(remainingMs)) {
      const request = Math.max(
        1,
        Math.min(remainingMs, gotOptions.timeout.request ?? Number.POSITIVE_INFINITY),
      );
      gotOptions.timeout = { ...gotOptions.timeout, request };
    }
  };

  const afterResponse: AfterResponseHook = (response) => {
    const link = callOf((response.request as { options?: OptionsLike } | undefined)?.options);
    if (link && response.statusCode < 400) {
      link.call.succeeded();
      link.unwatch?.();
    }
    return response;
  };

  const calculateDelay = async (retryObject: RetryObject): Promise<number> => {
    const { attemptCount, error } = retryObject;
    const gotError = error as GotLikeError;
    const gotOptions = gotError.options as OptionsLike | undefined;
    let link = callOf(gotError.options);
    // Refused by preflight (thrown by our own hook): nothing was sent, nothing to retry.
    if (link?.final?.stop === 'preflight') return 0;
    if (!link && !inScope(urlOf(gotOptions), gotOptions?.prefixUrl))
      return gotOwnDelay(retryObject, ourRetry);
    if (link && !gotError.response && !abortOrTimeout(gotError) && !isNetworkFailure(gotError)) {
      // Thrown by a hook or the caller's code, not by the network: never retried, never reworded.
      link.untouched = true;
      return 0;
    }
    if (!link) {
      // A call whose start we did not see (a hook of ours was replaced): got's count is the truth.
      link = { call: controller.begin() };
      link.call.adoptAttempts(attemptCount);
    }
    const { call } = link;
    const { decision, info } = await call.afterFailure(toFailure(gotError));
    if (!decision.retry) {
      link.final = info;
      return 0;
    }
    // got sleeps for the delay we return.
    call.recordWait(decision.delayMs);
    // got reads 0 as "do not retry": an immediate retry is 1 ms.
    return Math.max(1, decision.delayMs);
  };

  // The model list after an unknown-model failure: with this client's pacing and retries.
  // The list goes to the origin of the Agnes call that failed: in scope (its base URL) by construction.
  const modelList: ModelListFetch = (url, init) => agnesFetch({ controller, baseURL: url })(url, init);

  const beforeError: BeforeErrorHook = async (error) => {
    const gotError = error as unknown as GotLikeError;
    const link = callOf(gotError.options);
    link?.unwatch?.();
    if (link?.untouched) return error;
    const gotOptions = gotError.options as OptionsLike | undefined;
    if (!link && !inScope(urlOf(gotOptions), gotOptions?.prefixUrl)) return error;
    const call = link?.call ?? controller.begin();
    // Without a final diagnosis got stopped without asking us (a rule of its own, or a stream that
    // cannot be replayed): this call was not retried, and its diagnosis says so (`not_retryable`
    // unless the policy named its own stop).
    const info = link?.final ?? call.stop(call.classify(toFailure(gotError)));
    // An unknown model: the closest ones this key can use, from the (cached) model list.
    const failure = toFailure(gotError);
    const authorization = gotError.options?.headers?.authorization;
    const suggested = await suggestModels(
      info,
      controller,
      call.options.modelList,
      {
        url: String(failure.url ?? ''),
        authorization: typeof authorization === 'string' ? authorization : null,
        now: controller.options.now,
      },
      modelList,
    );
    return finalError(error, suggested, call.options) as typeof error;
  };

  return {
    retry: { ...ourRetry, calculateDelay },
    hooks: { beforeRequest: [beforeRequest], afterResponse: [afterResponse], beforeError: [beforeError] },
    // got reads a whole error body before any hook sees it: this stops it at maxErrorBodyBytes.
    handlers: [capErrorBodies(() => controller.options.maxErrorBodyBytes)],
  };
}
