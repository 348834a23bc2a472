import type { AgnesController } from '../call/controller.ts';
import { getAgnesInfo } from '../errors/get-info.ts';
import type { AgnesErrorInfo } from '../types/failure.ts';
import { type AgnesFetch, agnesFetch } from './agnes-fetch.ts';
import { type FallbackOptions, withFallbackModels } from './fallback-models.ts';

/** How a request failed for good, as {@link DiagnosingFetchOptions.onDiagnosis} is told. */
export type FinalFailure =
  | { readonly response: Response; readonly error?: undefined }
  | { readonly response?: undefined; readonly error: unknown };

/** Options of {@link diagnosingFetch}. */
export interface DiagnosingFetchOptions extends FallbackOptions {
  /** The client's controller: its pacing, budget and options apply to every request. */
  readonly controller: AgnesController;
  /**
   * The fetch to wrap.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof fetch | undefined;
  /**
   * The client's base URL: every request the client makes goes there, and its origin is in scope
   * (see the `hosts` option).
   * @default undefined (the known Agnes hosts and the controller's `hosts` only)
   */
  readonly baseURL?: string | undefined;
  /**
   * Told the final diagnosis of a request that failed for good (an HTTP failure, answered with its
   * response, or a thrown network failure), with the request's `init`, so that the error the
   * framework builds from it can carry the diagnosis (attempts, waits, stop reason).
   * @default undefined
   */
  readonly onDiagnosis?:
    | ((info: AgnesErrorInfo, failure: FinalFailure, init: RequestInit | undefined) => void)
    | undefined;
}

/**
 * The fetch that the packages owning their client's fetch give it (the OpenAI SDK client, the AI
 * SDK provider, `ChatAgnes`): `agnesFetch` with the client's controller, fallback models, and each
 * request's final diagnosis handed to `onDiagnosis`. HTTP failures are answered with the response,
 * so the framework builds its own error from it.
 */
export function diagnosingFetch(options: DiagnosingFetchOptions): AgnesFetch {
  const { controller, onDiagnosis } = options;
  const agnes = withFallbackModels(
    agnesFetch({ ...(options.fetch && { fetch: options.fetch }), controller, baseURL: options.baseURL }),
    options,
  );
  if (!onDiagnosis) return agnes;
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let response: Response;
    try {
      response = await agnes(input, init);
    } catch (error) {
      const info = getAgnesInfo(error);
      if (info) onDiagnosis(info, { error }, init);
      throw error;
    }
    const info = response.ok ? undefined : getAgnesInfo(response);
    if (info) onDiagnosis(info, { response }, init);
    return response;
  };
  return Object.assign(wrapped, { controller }) as AgnesFetch;
}
