import { getAgnesInfo } from '@agnes-errors/core';
import {
  AgnesController,
  abortOrTimeout,
  diagnosingFetch,
  finalError,
  invalidResponseError,
} from '@agnes-errors/core/adapter-kit';
import { DiagnosisRelay } from './diagnosis-relay.ts';
import type { AgnesAnthropicOptions } from './types.ts';

/** What the adapter needs of an Anthropic SDK client, from 0.41 to 1.x. */
interface SdkClient {
  readonly _options: Record<string, unknown>;
  readonly baseURL: string;
  readonly apiKey: string | null;
  readonly authToken?: string | null;
  readonly timeout: number;
  readonly fetch: typeof fetch;
  /** 0.50 and later: a copy of the client (same class, credentials and middleware) with some options replaced. */
  readonly withOptions?: (options: Record<string, unknown>) => object;
}

type SdkMethods = {
  makeStatusError(status: number, error: unknown, message: string | undefined, headers: unknown): Error;
  makeRequest(options: unknown, retriesRemaining: number | null, ...rest: unknown[]): Promise<unknown>;
  withOptions(options: Record<string, unknown>): unknown;
  request(...args: unknown[]): unknown;
};

/** The SDK's APIPromise (0.41 to 1.x): it parses the body with its `parseResponse`. */
interface ParsingPromise {
  parseResponse?: (...args: unknown[]) => Promise<unknown>;
  _thenUnwrap?: (...args: unknown[]) => ParsingPromise;
}

/** A body that is not JSON: `JSON.parse`'s SyntaxError, or node-fetch's `invalid-json` FetchError (0.41). */
const isParseError = (error: unknown): boolean =>
  error instanceof SyntaxError || (error as { type?: unknown } | null)?.type === 'invalid-json';

/**
 * Returns a client of the same class (a subclass of it) whose calls go through one Agnes retry loop:
 * pacing, Agnes decisions (a 529 overload retried like a 503, no retry of a 402 or of a parameter
 * fault, the RPM pause after a 429), abortable waits, fallback models, and errors that stay
 * `instanceof Anthropic.APIError` and its subclasses (`RateLimitError`, `AuthenticationError`...)
 * with `error.agnes` and an Agnes message. The SDK's own retries never run, whatever `maxRetries`
 * the client, a `withOptions()` copy or a single request asks for, so attempts never multiply.
 *
 * @example
 * const client = withAgnes(new Anthropic({ baseURL: 'https://apihub.agnes-ai.com', apiKey }), { rpm: 20 });
 */
export function withAgnes<Client extends object>(
  client: Client,
  options: AgnesAnthropicOptions = {},
): Client {
  const sdk = client as unknown as SdkClient;
  const controller = new AgnesController(options);
  const relay = new DiagnosisRelay();
  const sdkFetch = diagnosingFetch({
    ...options,
    controller,
    fetch: sdk.fetch.bind(undefined),
    // Every request of the SDK goes to its base URL: its origin is in scope.
    baseURL: sdk.baseURL,
    // The SDK builds its error from the response: the relay carries the diagnosis to it.
    onDiagnosis: (info, { response }) => {
      if (response) relay.send(response, info);
    },
  });

  /** The promise, and those `_thenUnwrap` derives from it, with a parse failure diagnosed. */
  const diagnoseParse = (
    promise: ParsingPromise,
    request: () => { method: string | undefined; url: string | undefined },
  ): ParsingPromise => {
    const parse = promise.parseResponse;
    if (typeof parse === 'function')
      promise.parseResponse = async (...parseArgs: unknown[]) => {
        try {
          return await parse.apply(promise, parseArgs);
        } catch (error) {
          if (!isParseError(error)) throw error;
          throw invalidResponseError(controller, error, request());
        }
      };
    const unwrap = promise._thenUnwrap;
    if (typeof unwrap === 'function')
      promise._thenUnwrap = (...unwrapArgs: unknown[]) =>
        diagnoseParse(unwrap.apply(promise, unwrapArgs), request);
    return promise;
  };

  const Base = client.constructor as new (options: Record<string, unknown>) => SdkMethods;
  class AgnesClient extends Base {
    override makeStatusError(
      status: number,
      error: unknown,
      message: string | undefined,
      headers: unknown,
    ): Error {
      const statusError = super.makeStatusError(status, error, message, headers);
      const info = relay.receive(headers);
      return info ? (finalError(statusError, info, controller.options) as Error) : statusError;
    }

    // A success whose body is not JSON: the SDK's parse throws a bare SyntaxError; it says invalid_response.
    override request(...args: unknown[]): unknown {
      const requestOptions = args[0] as { method?: string; path?: string } | undefined;
      return diagnoseParse(super.request(...args) as ParsingPromise, () => ({
        method: requestOptions?.method?.toUpperCase(),
        url: requestOptions?.path === undefined ? undefined : `${sdk.baseURL}${requestOptions.path}`,
      }));
    }

    // No retries remaining, ever: a per-request `maxRetries` would otherwise restart our whole loop.
    // Connection failures reach the caller as APIConnectionError wrapping the error our fetch threw.
    override async makeRequest(requestOptions: unknown, _retries: number | null, ...rest: unknown[]) {
      try {
        return await super.makeRequest(requestOptions, 0, ...rest);
      } catch (error) {
        const info =
          error instanceof Error && (error as { status?: unknown }).status === undefined
            ? getAgnesInfo((error as { cause?: unknown }).cause)
            : undefined;
        if (!info || abortOrTimeout(error) === 'abort') throw error;
        throw finalError(error, info, controller.options);
      }
    }

    // A copy keeps Agnes handling: it is built with this class, our fetch and no retries of its own.
    override withOptions(copyOptions: Record<string, unknown>): unknown {
      return super.withOptions({ ...copyOptions, maxRetries: 0 });
    }
  }
  Object.defineProperty(AgnesClient, 'name', { value: Base.name });
  // 0.41 and earlier have no withOptions(): neither may the subclass.
  if (typeof sdk.withOptions !== 'function') Reflect.deleteProperty(AgnesClient.prototype, 'withOptions');

  if (typeof sdk.withOptions === 'function') {
    // The SDK's own copy keeps what a fresh constructor would lose (shared credentials, profiles,
    // middleware); it only has to become our subclass.
    const copy = sdk.withOptions({ maxRetries: 0, fetch: sdkFetch });
    return Object.setPrototypeOf(copy, AgnesClient.prototype) as Client;
  }
  return new AgnesClient({
    ...sdk._options,
    baseURL: sdk.baseURL,
    apiKey: sdk.apiKey,
    authToken: sdk.authToken ?? null,
    timeout: sdk.timeout,
    maxRetries: 0,
    fetch: sdkFetch,
  }) as unknown as Client;
}
