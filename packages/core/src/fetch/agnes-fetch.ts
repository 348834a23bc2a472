import { holdDeadlineForBody } from '../adapter/body-deadline.ts';
import { readBoundedBody } from '../adapter/bounded-body.ts';
import { finalError } from '../adapter/final-error.ts';
import { guardEventStream } from '../adapter/stream-guard.ts';
import { AgnesController } from '../call/controller.ts';
import { abortOrTimeout } from '../errors/abort-or-timeout.ts';
import { isNetworkFailure } from '../errors/network-failure.ts';
import type { AgnesOptions } from '../options.ts';
import type { AgnesFailure } from '../types/failure.ts';
import { agnesScope } from '../util/scope.ts';
import { isStreamBody } from '../util/stream-body.ts';
import { skipsModelList, suggestModels } from './model-list.ts';

/** Options of {@link agnesFetch}. */
export interface AgnesFetchOptions extends AgnesOptions {
  /**
   * The fetch to wrap.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof fetch;
  /**
   * Share limiter and budget with another wrapper (adapters pass theirs).
   * @default a new controller built from these options
   */
  readonly controller?: AgnesController;
  /**
   * The base URL this fetch is used with: requests to its origin are Agnes calls (see `hosts`).
   * Requests to other hosts go to the wrapped fetch untouched.
   * @default undefined (the known Agnes hosts and `hosts` only)
   */
  readonly baseURL?: string | URL | undefined;
}

/** A `fetch` with Agnes pacing, retries and diagnoses; `controller` exposes its state. */
export type AgnesFetch = typeof fetch & { readonly controller: AgnesController };

/** A bounded copy of a body for diagnosis: strings as they are, other bodies not at all. */
function diagnosableBody(body: unknown): unknown {
  return typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer
    ? body
    : undefined;
}

function causeMessage(error: unknown): string | undefined {
  const message = (error as { cause?: { message?: unknown } } | undefined)?.cause?.message;
  return typeof message === 'string' && message.length > 0 ? message : undefined;
}

function errorCodeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A drop-in `fetch` that applies Agnes pacing, classification, retries and messages. On a final HTTP
 * failure it returns the response (fetch semantics) with `getAgnesInfo(response)` set, or throws an
 * `AgnesError` when `throwAgnesError: true`. Network failures throw the original error with `agnes`
 * attached and an Agnes message. The caller's abort is never retried and rejects at once. A request
 * that preflight refuses is never sent: it rejects as a request that never left does, with a
 * `TypeError` carrying `agnes` (`stop: 'preflight'`) and the Agnes message (an `AgnesError` with
 * `throwAgnesError`).
 */
export function agnesFetch(options: AgnesFetchOptions = {}): AgnesFetch {
  const controller = options.controller ?? new AgnesController(options);
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const inScope = agnesScope({ hosts: controller.options.hosts, baseURLs: [options.baseURL] });

  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const signal = init?.signal ?? request?.signal ?? null;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const url = request ? request.url : input instanceof URL ? input.href : String(input);
    // Not an Agnes call: exactly as the wrapped fetch answers it.
    if (!inScope(url)) return baseFetch(input, init);
    // Read only when an attempt fails: the success path builds nothing it does not need.
    const headers = (): Headers => new Headers(init?.headers ?? request?.headers);
    const call = controller.begin({
      signal,
      bodyReplayable: !isStreamBody(init?.body),
      url,
      requestHeaders: init?.headers ?? request?.headers,
      request: () => ({ method, url, body: init?.body }),
    });
    const diagnosable = diagnosableBody(init?.body);
    // A request the provider would certainly reject is refused before it takes a slot. fetch rejects a
    // request that never left with a TypeError ("fetch failed", the reason as its cause): so does a
    // refusal (decorated), which SDKs built on fetch then report as they report a connection error.
    const refused = call.preflight({
      method,
      url,
      headers: init?.headers ?? request?.headers,
      body: init?.body,
    });
    if (refused)
      throw finalError(
        new TypeError('fetch failed', { cause: new Error('Agnes preflight: request not sent') }),
        refused,
        call.options,
      );

    const outcome = await call.run<Response>(async (attempt) => {
      const attemptInit =
        attempt.signal === (signal ?? undefined) ? init : { ...init, signal: attempt.signal ?? null };
      let response: Response;
      try {
        response = await baseFetch(request ? request.clone() : input, attemptInit);
      } catch (error) {
        if (signal?.aborted) throw error;
        const timedOut = attempt.deadlineExpired || abortOrTimeout(error) === 'timeout';
        // A programming error in a custom fetch (or anything but the network) is thrown as it is, once.
        if (!timedOut && !isNetworkFailure(error)) throw error;
        const failure: AgnesFailure = {
          condition: timedOut ? 'timeout' : 'network',
          errorCode: errorCodeOf(error),
          // fetch says only "fetch failed"; the reason ("bad port", "other side closed") is on the cause.
          errorMessage: causeMessage(error) ?? (error as Error | undefined)?.message,
          method,
          url,
          requestHeaders: headers(),
          requestBody: diagnosable,
        };
        return { ok: false, failure, error };
      }
      if (response.status < 400) {
        // deadlineMs covers the body too: one that trickles or stops errors at the deadline.
        holdDeadlineForBody(attempt, response, call, () => ({ method, url, requestHeaders: headers() }));
        // A connection that drops mid-stream is a stream interruption: never replayed.
        const value = guardEventStream(response, call, (error) => ({
          errorCode: errorCodeOf(error),
          errorMessage: causeMessage(error) ?? (error as Error | undefined)?.message,
          method,
          url,
          requestHeaders: headers(),
        }));
        return { ok: true, value };
      }
      // A bounded read: a huge or endless error body costs neither memory nor, past the deadline, time.
      const bytes = await readBoundedBody(response, call.options.maxErrorBodyBytes);
      if (signal?.aborted) throw signal.reason;
      const copy = new Response(bytes.byteLength > 0 ? bytes : null, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      Object.defineProperty(copy, 'url', { value: response.url || url });
      const failure: AgnesFailure = {
        status: response.status,
        method,
        url,
        requestHeaders: headers(),
        requestBody: diagnosable,
        responseHeaders: response.headers,
        responseBody: bytes,
      };
      return { ok: false, failure, error: copy };
    });
    if (outcome.ok) return outcome.value;
    // A final HTTP failure is answered as fetch answers it: with the response (now carrying `agnes`).
    // An unknown model: the closest ones this key can use, from the (cached) model list.
    const info = await suggestModels(
      outcome.info,
      controller,
      skipsModelList(init) ? false : call.options.modelList,
      { url, authorization: listAuthorization(headers()), now: controller.options.now },
      wrapped,
    );
    const final = finalError(outcome.error, info, call.options);
    if (final instanceof Response) return final;
    throw final;
  };
  return Object.assign(wrapped, { controller }) as AgnesFetch;
}

/**
 * The credential the model list is asked for with: the request's own, a key the Messages dialect
 * sent in `x-api-key` as the Bearer token the OpenAI-style `GET /v1/models` expects.
 */
function listAuthorization(headers: Headers): string | null {
  const apiKey = headers.get('x-api-key');
  return headers.get('authorization') ?? (apiKey ? `Bearer ${apiKey}` : null);
}
