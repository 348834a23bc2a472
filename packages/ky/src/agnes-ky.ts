import { type AgnesOptions, agnesFetch, getAgnesInfo } from '@agnes-errors/core';
import {
  AgnesController,
  abortOrTimeout,
  agnesScope,
  finalError,
  guardEventStream,
  holdDeadlineForBody,
  invalidResponseError,
  isNetworkFailure,
  type ModelListFetch,
  readBoundedBody,
  suggestModels,
} from '@agnes-errors/core/adapter-kit';
import * as kyModule from 'ky';
import { type KyCall, KyCallLinks } from './call-state.ts';
import { toFailure } from './failure.ts';
import { callerMethods, type KyRetrySettings, kyOwnRetry } from './ky-own-retry.ts';
import { WaitHandoff } from './wait-handoff.ts';

/** Options of {@link agnesKy}: every core option applies. */
export interface AgnesKyOptions extends AgnesOptions {
  /**
   * The fetch ky should call; the Agnes wrapper goes around it.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof fetch;
}

/** A ky hook of either major: ky 1 passes positional arguments, ky 2 one state object. */
export type AnyKyHook = (...args: unknown[]) => Promise<void>;

/** What {@link agnesKy} returns: spread it into `ky.create()` or `instance.extend()`. */
export interface AgnesKyConfig {
  readonly retry: {
    readonly limit: number;
    readonly methods: string[];
    readonly delay: (attemptCount: number) => number;
    readonly shouldRetry: (state: { error: Error; retryCount: number }) => Promise<boolean>;
  };
  readonly hooks: { readonly beforeRequest: AnyKyHook[]; readonly beforeRetry: AnyKyHook[] };
  readonly fetch: typeof fetch;
  /**
   * `JSON.parse`, except that a success body that is not JSON (an HTML page from a proxy, a body cut
   * short) rejects `.json()` with the `SyntaxError` decorated as `invalid_response`.
   */
  readonly parseJson: (text: string, context?: { request?: Request; response?: Response }) => unknown;
}

const allMethods = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace', 'query'];

interface HookState {
  request: Request;
  options?:
    | {
        signal?: AbortSignal | null;
        timeout?: unknown;
        body?: unknown;
        retry?: KyRetrySettings;
        prefix?: unknown;
        prefixUrl?: unknown;
      }
    | undefined;
  retryCount?: number;
  error?: unknown;
}

/** ky 1 calls hooks as `(request, options, { retryCount })`, ky 2 as `({ request, options, retryCount })`. */
function readHookArguments(args: unknown[]): HookState & { positional: boolean } {
  if (args[0] instanceof Request) {
    const [request, options, extra] = args as [
      Request,
      HookState['options'],
      { retryCount?: number } | undefined,
    ];
    return { request, options, retryCount: extra?.retryCount ?? 0, positional: true };
  }
  return { ...(args[0] as HookState), positional: false };
}

/**
 * The error a preflight refusal rejects with: ky's own error for a request that never left (ky 2's
 * `NetworkError`; ky 1 has none and rejects with fetch's `TypeError`, so that is what it gets).
 */
function notSentError(request: Request): Error {
  const NetworkError = (kyModule as { NetworkError?: new (request: Request) => Error }).NetworkError;
  return NetworkError
    ? new NetworkError(request)
    : Object.assign(new TypeError('Agnes preflight: request not sent'), { request });
}

/** ky 2 pre-reads the error body into `error.data`; ky 1 leaves it unread, so read a clone, bounded. */
async function errorBody(error: unknown, maxBytes: number): Promise<unknown> {
  const { data, response } = error as { data?: unknown; response?: Response };
  if (data !== undefined || !response) return data;
  if (response.bodyUsed) return undefined;
  return readBoundedBody(response.clone(), maxBytes);
}

/** An error response with its body cut at `maxBytes` (the rest cancelled unread); status, headers and URL kept. */
async function boundedErrorResponse(response: Response, maxBytes: number): Promise<Response> {
  const bytes = await readBoundedBody(response, maxBytes);
  const bounded = new Response(bytes.byteLength > 0 ? bytes : null, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(bounded, 'url', { value: response.url });
  return bounded;
}

/**
 * Options for `ky.create()` or `instance.extend()` that make ky's own retry loop Agnes-aware:
 * every failure is classified and decided by the Agnes policy (POSTs replayed only when safe,
 * Retry-After and the RPM window honoured, no retry of parameter faults or 402), requests are paced,
 * and a final error keeps its ky type with `error.agnes` and an Agnes message.
 *
 * @example
 * const api = ky.create({ prefix: 'https://apihub.agnes-ai.com/v1', headers: { authorization: `Bearer ${key}` }, ...agnesKy({ rpm: 20 }) });
 */
export function agnesKy(options: AgnesKyOptions = {}): AgnesKyConfig {
  const controller = new AgnesController(options);
  const registry = new KyCallLinks();
  const waits = new WaitHandoff();
  const inScope = agnesScope({ hosts: controller.options.hosts });
  /** Requests outside the scope, with the retry settings ky showed for them. */
  const foreign = new WeakMap<object, KyRetrySettings | undefined>();
  /** Origins of Agnes calls seen (a base URL's among them), for errors whose start we did not see. */
  const agnesOrigins = new Set<string>();
  const baseOf = (kyOptions: HookState['options']): string | undefined => {
    const base = kyOptions?.prefix || kyOptions?.prefixUrl;
    return typeof base === 'string' || base instanceof URL ? String(base) : undefined;
  };
  const baseFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // The model list after an unknown-model failure: ky's fetch, with this client's pacing and retries.
  // The list goes to the origin of the Agnes call that failed: in scope (its base URL) by construction.
  const modelList: ModelListFetch = (url, init) =>
    agnesFetch({ fetch: baseFetch, controller, baseURL: url })(url, init);

  // Links every response and network error to the call whose request was sent.
  const fetchWithLinks: typeof fetch = async (input, init) => {
    const link = registry.find(input);
    // With deadlineMs, an attempt still running at the deadline is aborted (headers or error body).
    const caller = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const attempt = link?.call.attemptSignal(caller);
    if (link && attempt) link.attempt = attempt;
    // Without a deadline the attempt signal is the caller's own: nothing to build on the hot path.
    const attemptInit =
      attempt?.signal && attempt.signal !== caller ? { ...init, signal: attempt.signal } : init;
    try {
      const response = await baseFetch(input, attemptInit);
      if (link) {
        // Only a failed response becomes an error ky hands back to us.
        if (response.ok) {
          // deadlineMs covers the body too: one that trickles or stops errors at the deadline.
          if (attempt)
            holdDeadlineForBody(attempt, response, link.call, () => ({
              method: link.request?.method,
              url: link.request?.url,
              requestHeaders: link.request?.headers,
            }));
          attempt?.release();
          link.call.succeeded();
          // A connection that drops mid-stream is a stream interruption, never replayed.
          return guardEventStream(response, link.call, (error) =>
            toFailure(error, link.request, undefined, undefined),
          );
        }
        // ky 2 reads up to 10 MiB of an error body into error.data: it gets only what a diagnosis
        // reads (maxErrorBodyBytes), as agnesFetch answers, so a huge error body costs no memory.
        const bounded = await boundedErrorResponse(response, link.call.options.maxErrorBodyBytes);
        registry.link(bounded, link);
        return bounded;
      }
      return response;
    } catch (error) {
      attempt?.release();
      // ky does not ask shouldRetry about the caller's abort: the attempt's slots end here.
      if (link && caller?.aborted) link.call.abandoned();
      if (link && typeof error === 'object' && error !== null) registry.link(error, link);
      throw error;
    }
  };

  const beforeRequest: AnyKyHook = async (...args) => {
    const { request, options: kyOptions, retryCount, positional } = readHookArguments(args);
    // ky 1 rebuilds the request after a timeout, but keeps its options object for the whole call.
    let link = registry.find(request) ?? (retryCount ? registry.find(kyOptions) : undefined);
    if (!link) {
      if (foreign.has(request) || !inScope(request.url, baseOf(kyOptions))) {
        // Not an Agnes call: ky handles it exactly as without us (see shouldRetry).
        foreign.set(request, kyOptions?.retry);
        if (positional && kyOptions) foreign.set(kyOptions, kyOptions.retry);
        return;
      }
      agnesOrigins.add(new URL(request.url).origin);
      const timeout = kyOptions?.timeout;
      // The caller's own per-request `retry.methods` narrows ours (never widens it): a method it
      // leaves out is not retried, and its failure still gets its diagnosis.
      const methods = callerMethods(kyOptions?.retry?.methods, allMethods);
      const narrowed = methods !== undefined && !methods.includes(request.method.toLowerCase());
      link = {
        call: controller.begin({
          signal: kyOptions?.signal ?? request.signal,
          url: request.url,
          requestHeaders: request.headers,
          request: () => ({ method: request.method, url: request.url, body: kyOptions?.body }),
          ...(narrowed && { overrides: { maxRetries: 0 } }),
        }),
        pacedPerAttempt: positional,
        request,
        timeoutMs: typeof timeout === 'number' ? timeout : undefined,
        // ky has already turned `json` into this text: keep it for diagnoses instead of copying the stream.
        requestBody: typeof kyOptions?.body === 'string' ? kyOptions.body : undefined,
      };
      if (positional && kyOptions) registry.link(kyOptions, link);
      // A request the provider would certainly reject is refused before it takes a slot.
      const refused = link.call.preflight({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: kyOptions?.body,
      });
      if (refused) throw finalError(notSentError(request), refused, link.call.options);
    }
    registry.link(request, link);
    // ky replaces its signal after a timeout aborted it: follow the fresh one.
    if (kyOptions?.signal && !kyOptions.signal.aborted) link.call.replaceSignal(kyOptions.signal);
    if (link.pacedPerAttempt || retryCount === 0) await link.call.beforeAttempt();
  };

  const beforeRetry: AnyKyHook = async (...args) => {
    const { request, options: kyOptions, error } = readHookArguments(args);
    const link = registry.forError(error) ?? registry.find(request);
    if (!link) {
      const settings = foreignOf(error);
      if (settings !== null) foreign.set(request, settings);
      return;
    }
    registry.link(request, link);
    // After a timeout ky aborted the signal we held (and our shouldRetry may not have run, when the
    // caller's own replaced it): follow the attempt's fresh one, so pacing does not end in an AbortError.
    if (link.call.signal?.aborted) {
      const fresh = kyOptions?.signal ?? request.signal;
      link.call.replaceSignal(fresh && !fresh.aborted ? fresh : undefined);
    }
    if (!link.pacedPerAttempt) await link.call.beforeAttempt();
  };

  /** The retry settings of a request outside the scope (by its error), or null for an Agnes call. */
  function foreignOf(error: unknown): KyRetrySettings | undefined | null {
    const request = (error as { request?: unknown } | undefined)?.request;
    if (typeof request === 'object' && request !== null && foreign.has(request)) return foreign.get(request);
    const url = (request as Request | undefined)?.url;
    if (registry.forError(error) || url === undefined || inScope(url)) return null;
    return agnesOrigins.has(new URL(url).origin) ? null : undefined;
  }

  const shouldRetry = async ({
    error,
    retryCount,
  }: {
    error: Error;
    retryCount: number;
  }): Promise<boolean> => {
    // A preflight refusal (ky 1 runs beforeRequest inside its retry loop): nothing was sent.
    if (getAgnesInfo(error)?.stop === 'preflight') return false;
    const request = (error as { request?: Request }).request;
    const found = registry.forError(error);
    if (!found) {
      const settings = foreignOf(error);
      if (settings !== null) {
        const own = (error as { options?: { retry?: KyRetrySettings } }).options?.retry ?? settings;
        const network = error.name === 'NetworkError' || isNetworkFailure(error);
        const delayMs = kyOwnRetry(error, retryCount, request?.method ?? 'GET', own, network);
        if (delayMs === false) return false;
        waits.give(retryCount, delayMs);
        return true;
      }
    }
    const link: KyCall = found ?? registry.orphan(controller, request?.signal, retryCount);
    const { call } = link;
    // Thrown by the caller's fetch, a hook or their code, not by the network: untouched, never retried.
    if (
      !(error as { response?: unknown }).response &&
      !abortOrTimeout(error) &&
      !link.attempt?.deadlineExpired &&
      !isNetworkFailure(error)
    ) {
      link.attempt?.release();
      return false;
    }
    // ky's timeout aborts the signal we hold; the user's own signal is not exposed to hooks, so the
    // wait after a timeout is not abortable (ky's next fetch still honours a user abort).
    if (error.name === 'TimeoutError') call.replaceSignal(undefined);
    const body = await errorBody(error, call.options.maxErrorBodyBytes);
    link.attempt?.release();
    const failure = {
      ...toFailure(error, request ?? link.request, body, link.timeoutMs),
      requestBody: link.requestBody,
    };
    const { decision, info } = await call.afterFailure(failure);
    if (decision.retry) {
      // ky sleeps it (see WaitHandoff): within its totalTimeout, abortable by the caller.
      waits.give(retryCount, decision.delayMs, () => call.recordWait(decision.delayMs));
      return true;
    }
    // An unknown model: the closest ones this key can use, from the (cached) model list.
    const sent = request ?? link.request;
    const suggested = await suggestModels(
      info,
      controller,
      call.options.modelList,
      {
        url: sent?.url ?? '',
        authorization: sent?.headers.get('authorization') ?? null,
        now: controller.options.now,
      },
      modelList,
    );
    // ky throws the error it holds: decorated in place, or replaced by an AgnesError thrown from here.
    const final = finalError(error, suggested, call.options);
    if (final !== error) throw final;
    return false;
  };

  return {
    retry: {
      // Our decision comes first; ky's limit only has to let it be asked one more time than maxRetries.
      limit: controller.options.maxRetries + 1,
      // ky asks shouldRetry only for these methods; shouldRetry always answers with a boolean, so
      // ky's own status, Retry-After and timeout rules are never consulted (fewer options to merge per call).
      methods: allMethods,
      // The wait shouldRetry decided (Agnes rules, Retry-After, the RPM window), slept by ky itself.
      delay: (attemptCount) => waits.take(attemptCount),
      shouldRetry,
    },
    hooks: { beforeRequest: [beforeRequest], beforeRetry: [beforeRetry] },
    fetch: fetchWithLinks,
    parseJson: (text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        // ky 2 also parses error bodies into error.data (and drops what fails): only a success is ours to diagnose.
        if (context?.response && !context.response.ok) throw error;
        const request = context?.request;
        throw invalidResponseError(controller, error, {
          method: request?.method,
          url: request?.url ?? context?.response?.url,
          requestHeaders: request?.headers,
        });
      }
    },
  };
}
