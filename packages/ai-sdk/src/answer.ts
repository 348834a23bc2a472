import { AgnesError, type AgnesErrorInfo, getAgnesInfo } from '@agnes-errors/core';
import {
  type AgnesController,
  abortOrTimeout,
  finalError,
  streamFailureInfo,
} from '@agnes-errors/core/adapter-kit';

/** What shapes the errors of one provider (or middleware). */
export interface AnswerOptions {
  readonly controller: AgnesController;
  /** The user's `throwAgnesError`: answer with an `AgnesError` around the AI SDK's error. */
  readonly throwAgnesError: boolean;
}

/**
 * Tells the AI SDK not to retry: its retry wrapper (default `maxRetries: 2`) retries only an
 * `APICallError` whose `isRetryable` is true, and rethrows a first error that is not, unwrapped
 * (no `RetryError`). Our loop has already made every attempt the policy allows.
 */
export function markNotRetryable(error: unknown): void {
  if (typeof error !== 'object' || error === null || !('isRetryable' in error)) return;
  try {
    Object.defineProperty(error, 'isRetryable', { value: false, configurable: true, writable: true });
  } catch {
    // A frozen error: it stays as it is.
  }
}

/**
 * The error a model call answers with once our loop has given up: the AI SDK's own error (an
 * `APICallError` stays one) with the final diagnosis, the Agnes message and `isRetryable: false`,
 * or an `AgnesError` around it with `throwAgnesError`. The caller's abort, and errors that are no
 * request failure (a missing key, an invalid prompt), pass unchanged.
 */
export function answerError(
  error: unknown,
  info: AgnesErrorInfo | undefined,
  options: AnswerOptions,
): unknown {
  if (!info || info.reason === 'caller_aborted' || abortOrTimeout(error) === 'abort') return error;
  markNotRetryable(error);
  return finalError(error, info, { throwAgnesError: options.throwAgnesError });
}

/** The provider's error object inside an `{ error: {...} }` stream event, as the AI SDK hands it on. */
function isProviderError(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Error);
}

/**
 * The error of a stream that had already started: an error event the provider sent, a chunk the AI
 * SDK could not read, or the connection dropping (which our fetch has already diagnosed). Never
 * replayed: the part already delivered would be repeated.
 */
export function streamError(error: unknown, options: AnswerOptions): unknown {
  const attached = getAgnesInfo(error);
  if (attached && typeof error === 'object' && error !== null && !isProviderError(error))
    return answerError(error, attached, options);
  const info = streamFailureInfo(options.controller, isProviderError(error) ? error : undefined, error);
  if (error instanceof Error) return answerError(error, info, options);
  return new AgnesError(info, { cause: error });
}
