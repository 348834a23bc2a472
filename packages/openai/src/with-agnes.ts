import { type AgnesErrorInfo, getAgnesInfo } from '@agnes-errors/core';
import { AgnesController, finalError } from '@agnes-errors/core/adapter-kit';
import { fallbackFetch } from './fallback-fetch.ts';
import type { AgnesOpenAIOptions } from './types.ts';

/** The response header that carries a final diagnosis from our fetch to `makeStatusError`. */
const infoHeader = 'x-agnes-diagnosis';

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
};

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers && typeof (headers as Headers).get === 'function')
    return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

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
  const diagnoses = new Map<string, AgnesErrorInfo>();
  let counter = 0;
  const agnes = fallbackFetch(sdk.fetch.bind(undefined), controller, options);

  // Hands each final diagnosis to makeStatusError through a response header the SDK passes along.
  const sdkFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const response = await agnes(input, init);
    const info = response.ok ? undefined : getAgnesInfo(response);
    if (info) {
      counter += 1;
      const id = String(counter);
      diagnoses.set(id, info);
      // Entries are taken by makeStatusError; cap what a caller who never lets the SDK throw leaves behind.
      if (diagnoses.size > 1000) diagnoses.delete(diagnoses.keys().next().value as string);
      response.headers.set(infoHeader, id);
    }
    return response;
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
      const id = headerValue(headers, infoHeader);
      const info = id === undefined ? undefined : diagnoses.get(id);
      if (id !== undefined) diagnoses.delete(id);
      return info ? (finalError(statusError, info, controller.options) as Error) : statusError;
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
        if (!info || (error as Error).name === 'APIUserAbortError') throw error;
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
