import { getAgnesInfo } from '@agnes-errors/core';
import {
  AgnesController,
  abortOrTimeout,
  diagnosingFetch,
  finalError,
  invalidResponseError,
} from '@agnes-errors/core/adapter-kit';
import { DiagnosisRelay } from './diagnosis-relay.ts';
import type { AgnesOpenAIOptions } from './types.ts';

/** What the adapter needs of an OpenAI SDK client, across majors 4 to 7. */
interface SdkClient {
  readonly _options: Record<string, unknown>;
  readonly baseURL: string;
  readonly apiKey: string | null;
  readonly timeout: number;
  readonly fetch: typeof fetch;
}

type SdkMethods = {
  makeStatusError(status: number, error: unknown, message: string | undefined, headers: unknown): Error;
  makeRequest(...args: unknown[]): Promise<unknown>;
  request(...args: unknown[]): unknown;
};

/** The SDK's APIPromise (majors 4 to 7): it parses the body with its `parseResponse`. */
interface ParsingPromise {
  parseResponse?: (...args: unknown[]) => Promise<unknown>;
  _thenUnwrap?: (...args: unknown[]) => ParsingPromise;
}

/** A body that is not JSON: `JSON.parse`'s SyntaxError, or node-fetch's `invalid-json` FetchError (SDK 4). */
const isParseError = (error: unknown): boolean =>
  error instanceof SyntaxError || (error as { type?: unknown } | null)?.type === 'invalid-json';

/**
 * Returns a client of the same class (a subclass of it) whose calls go through one Agnes retry loop:
 * pacing, Agnes decisions (no retry of a 409 duplicate task, of 402 or of a 500 about image size;
 * the RPM pause after a 429 without Retry-After), abortable waits, fallback models, and errors that
 * stay `instanceof OpenAI.APIError` and its subclasses with `error.agnes` and an Agnes message.
 * The SDK's own retries are turned off (`maxRetries: 0`) so attempts never multiply.
 *
 * @example
 * const client = withAgnes(new OpenAI({ baseURL: 'https://apihub.agnes-ai.com/v1', apiKey }), { rpm: 20 });
 */
export function withAgnes<Client extends object>(client: Client, options: AgnesOpenAIOptions = {}): Client {
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

  const invalidRequestFacts = (options: { method?: string; path?: string } | undefined) => ({
    method: options?.method?.toUpperCase(),
    url: options?.path === undefined ? undefined : `${sdk.baseURL}${options.path}`,
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
      const options = args[0] as { method?: string; path?: string } | undefined;
      return diagnoseParse(super.request(...args) as ParsingPromise, () => invalidRequestFacts(options));
    }

    // Connection failures reach the caller as APIConnectionError wrapping the error our fetch threw.
    override async makeRequest(...args: unknown[]): Promise<unknown> {
      try {
        return await super.makeRequest(...args);
      } catch (error) {
        const info =
          error instanceof Error && (error as { status?: unknown }).status === undefined
            ? getAgnesInfo((error as { cause?: unknown }).cause)
            : undefined;
        if (!info || abortOrTimeout(error) === 'abort') throw error;
        throw finalError(error, info, controller.options);
      }
    }
  }
  Object.defineProperty(AgnesClient, 'name', { value: Base.name });

  return new AgnesClient({
    ...sdk._options,
    baseURL: sdk.baseURL,
    apiKey: sdk.apiKey ?? sdk._options.apiKey,
    timeout: sdk.timeout,
    maxRetries: 0,
    fetch: sdkFetch,
  }) as unknown as Client;
}
