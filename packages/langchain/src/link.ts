import { type AgnesErrorInfo, type AgnesOptions, getAgnesInfo } from '@agnes-errors/core';
import {
  AgnesController,
  abortOrTimeout,
  diagnosingFetch,
  type FallbackOptions,
  finalError,
  streamFailureInfo,
} from '@agnes-errors/core/adapter-kit';

type Loose = Record<string, unknown> | undefined;

/**
 * What ties one chat model to the Agnes loop: the controller (pacing, budget, options), the fetch the
 * OpenAI SDK inside LangChain calls, and the answer to the errors LangChain rethrows.
 *
 * The OpenAI SDK (5 and later, which every supported `@langchain/openai` uses) builds its error from
 * the very `Headers` object our fetch returned, so a WeakMap keyed by it carries the final diagnosis
 * (attempts, stop reason) from our fetch to the error the caller gets.
 */
export class AgnesLink {
  readonly controller: AgnesController;
  readonly fetch: typeof fetch;
  readonly #throwAgnesError: boolean;
  readonly #diagnoses = new WeakMap<object, AgnesErrorInfo>();

  constructor(
    options: AgnesOptions & FallbackOptions,
    baseFetch: typeof fetch | undefined,
    baseURL?: string | undefined,
  ) {
    // Our fetch answers HTTP failures with the response, so the SDK builds its own error from it:
    // `throwAgnesError` applies to that error, never inside the fetch (where the SDK would turn an
    // AgnesError into a retryable connection error).
    this.controller = new AgnesController({ ...options, throwAgnesError: false });
    this.#throwAgnesError = options.throwAgnesError ?? false;
    this.fetch = diagnosingFetch({
      ...options,
      controller: this.controller,
      fetch: baseFetch,
      // Every request of the model goes to its base URL: its origin is in scope.
      baseURL,
      onDiagnosis: (info, { response }) => {
        if (response) this.#diagnoses.set(response.headers, info);
      },
    });
  }

  /** The diagnosis our fetch made for the response behind an SDK error, or attached to its causes. */
  #diagnosisOf(error: unknown): AgnesErrorInfo | undefined {
    for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
      const headers = (current as Loose)?.headers;
      const recorded =
        typeof headers === 'object' && headers !== null ? this.#diagnoses.get(headers) : undefined;
      if (recorded) return recorded;
      current = (current as Loose)?.cause;
    }
    const attached = getAgnesInfo(error);
    return attached && attached.attempts !== undefined ? attached : undefined;
  }

  /**
   * The error a chat model call answers with: the error LangChain rethrew (the OpenAI SDK's class,
   * or LangChain's own wrapper), with `error.agnes` and the Agnes message; an `AgnesError` around it
   * with `throwAgnesError`. The caller's abort passes unchanged.
   */
  answer(error: unknown, delivered: boolean): unknown {
    if (abortOrTimeout(error) === 'abort' || (error as Loose)?.name === 'AbortError') return error;
    const known = this.#diagnosisOf(error);
    // An SDK error with a provider error body and no status can only come from an event mid-stream
    // (also when `streaming: true` makes `invoke` stream inside LangChain, out of our sight).
    const event = (error as Loose)?.error;
    const midStream =
      delivered || ((error as Loose)?.status === undefined && typeof event === 'object' && event !== null);
    // A failure after chunks had been delivered: never replayed.
    const info = known ?? (midStream ? streamFailureInfo(this.controller, event, error) : undefined);
    if (!info) return error;
    return finalError(error, info, { throwAgnesError: this.#throwAgnesError });
  }
}
