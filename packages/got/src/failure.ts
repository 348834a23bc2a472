import type { AgnesFailure } from '@agnes-errors/core';
import { abortOrTimeout } from '@agnes-errors/core/adapter-kit';
import { cappedErrorBody } from './error-body-cap.ts';

/** The parts of got's RequestError (and its subclasses) the classifier reads. */
export interface GotLikeError {
  name: string;
  code?: string;
  message: string;
  event?: string;
  options?: {
    method?: string;
    url?: URL | string;
    headers?: Record<string, string | string[] | undefined>;
    json?: unknown;
    body?: unknown;
    timeout?: Record<string, number | undefined>;
    context?: Record<string | symbol, unknown>;
  };
  response?: {
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body?: unknown;
    rawBody?: Uint8Array;
  };
}

/** Translates a got error into core's failure data. Never reads got's message text for meaning. */
export function toFailure(error: GotLikeError): AgnesFailure {
  const options = error.options;
  const request = {
    method: options?.method,
    url: options?.url instanceof URL ? options.url.href : options?.url,
    requestHeaders: options?.headers,
    requestBody:
      options?.json ??
      (typeof options?.body === 'string' || options?.body instanceof Uint8Array ? options.body : undefined),
  };
  // Only an error status is a failed response; got also keeps a 2xx response on a ReadError (a body
  // cut short) or a ParseError (a body that is not JSON): those are failures of the transfer.
  const response = error.response && error.response.statusCode >= 400 ? error.response : undefined;
  if (response) {
    return {
      ...request,
      status: response.statusCode,
      errorCode: error.code,
      responseHeaders: response.headers,
      // An error body cut at maxErrorBodyBytes: what was read of it.
      responseBody: cappedErrorBody(error) ?? response.rawBody ?? response.body,
    };
  }
  const condition = abortOrTimeout(error) ?? 'network';
  const timeoutMs = condition === 'timeout' && error.event ? options?.timeout?.[error.event] : undefined;
  return {
    ...request,
    condition,
    errorCode: error.code,
    errorMessage: error.message,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
}
