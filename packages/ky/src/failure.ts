import type { AgnesFailure } from '@agnes-errors/core';
import { abortOrTimeout } from '@agnes-errors/core/adapter-kit';

interface KyLikeError {
  name?: string;
  message?: string;
  request?: Request;
  response?: Response;
  options?: { timeout?: unknown };
  data?: unknown;
  cause?: { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
}

function codeOf(error: KyLikeError): string | undefined {
  const code = error.cause?.cause?.code ?? error.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Translates a ky error (HTTPError, NetworkError, TimeoutError, or ky 1's raw fetch TypeError)
 * into core's failure data. `responseBody` is ky 2's pre-read `error.data`, or the text ky 1 left
 * unread (read from a clone by the caller).
 */
export function toFailure(
  error: unknown,
  request: Request | undefined,
  responseBody: unknown,
  timeoutMs: unknown,
): AgnesFailure {
  const kyError = error as KyLikeError;
  const base = {
    method: request?.method,
    url: request?.url,
    requestHeaders: request?.headers,
  };
  if (kyError.response) {
    return {
      ...base,
      status: kyError.response.status,
      responseHeaders: kyError.response.headers,
      responseBody,
    };
  }
  const condition = abortOrTimeout(kyError) ?? 'network';
  const timedOut = condition === 'timeout';
  const message = kyError.cause?.cause?.message ?? kyError.cause?.message ?? kyError.message;
  return {
    ...base,
    condition,
    errorCode: codeOf(kyError),
    errorMessage: typeof message === 'string' ? message : undefined,
    ...(timedOut && typeof timeoutMs === 'number' ? { timeoutMs } : {}),
  };
}
