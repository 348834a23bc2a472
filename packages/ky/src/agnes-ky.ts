import type { AgnesOptions } from '@agnes-errors/core';
import {
  AgnesController,
  finalError,
  guardEventStream,
  readBoundedBody,
} from '@agnes-errors/core/adapter-kit';
import { type KyCall, KyCallLinks } from './call-state.ts';
import { toFailure } from './failure.ts';

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
}

const allMethods = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];

interface HookState {
  request: Request;
  options?: { signal?: AbortSignal | null; timeout?: unknown; body?: unknown } | undefined;
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

/** ky 2 pre-reads the error body into `error.data`; ky 1 leaves it unread, so read a clone, bounded. */
async function errorBody(error: unknown, maxBytes: number): Promise<unknown> {
  const { data, response } = error as { data?: unknown; response?: Response };
  if (data !== undefined || !response) return data;
  if (response.bodyUsed) return undefined;
  return readBoundedBody(response.clone(), maxBytes);
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
  const baseFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

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
          attempt?.release();
          link.call.succeeded();
          // A connection that drops mid-stream is a stream interruption, never replayed.
          return guardEventStream(response, link.call, (error) =>
            toFailure(error, link.request, undefined, undefined),
          );
        } else registry.link(response, link);
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
      const timeout = kyOptions?.timeout;
      link = {
        call: controller.begin({
          signal: kyOptions?.signal ?? request.signal,
          request: () => ({ method: request.method, url: request.url, body: kyOptions?.body }),
        }),
        pacedPerAttempt: positional,
        request,
        timeoutMs: typeof timeout === 'number' ? timeout : undefined,
        // ky has already turned `json` into this text: keep it for diagnoses instead of copying the stream.
        requestBody: typeof kyOptions?.body === 'string' ? kyOptions.body : undefined,
      };
      if (positional && kyOptions) registry.link(kyOptions, link);
    }
    registry.link(request, link);
    // ky replaces its signal after a timeout aborted it: follow the fresh one.
    if (kyOptions?.signal && !kyOptions.signal.aborted) link.call.replaceSignal(kyOptions.signal);
    if (link.pacedPerAttempt || retryCount === 0) await link.call.beforeAttempt();
  };

  const beforeRetry: AnyKyHook = async (...args) => {
    const { request, error } = readHookArguments(args);
    const link = registry.forError(error) ?? registry.find(request);
    if (!link) return;
    registry.link(request, link);
    if (!link.pacedPerAttempt) await link.call.beforeAttempt();
  };

  const shouldRetry = async ({
    error,
    retryCount,
  }: {
    error: Error;
    retryCount: number;
  }): Promise<boolean> => {
    const request = (error as { request?: Request }).request;
    const link: KyCall = registry.forError(error) ?? registry.orphan(controller, request?.signal, retryCount);
    const { call } = link;
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
      await call.wait(decision.delayMs);
      return true;
    }
    // ky throws the error it holds: decorated in place, or replaced by an AgnesError thrown from here.
    const final = finalError(error, info, call.options);
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
      // The Agnes wait happens inside shouldRetry (abortable, with Retry-After and the RPM window).
      delay: () => 0,
      shouldRetry,
    },
    hooks: { beforeRequest: [beforeRequest], beforeRetry: [beforeRetry] },
    fetch: fetchWithLinks,
  };
}
