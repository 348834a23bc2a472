import type { AgnesFailure } from '@agnes-errors/core';
import { abortOrTimeout, isStreamBody } from '@agnes-errors/core/adapter-kit';
import type { AxiosError, InternalAxiosRequestConfig } from 'axios';

/** The URL axios sends to: `baseURL` joined with a relative `url`, as axios joins them. */
export function fullUrl(config: InternalAxiosRequestConfig): string {
  const url = config.url ?? '';
  if (/^([a-z][a-z\d+\-.]*:)?\/\//i.test(url) || !config.baseURL) return url;
  return url ? `${config.baseURL.replace(/\/?\/$/, '')}/${url.replace(/^\/+/, '')}` : config.baseURL;
}

/** Translates an axios error into core's plain failure data. */
export function toFailure(error: AxiosError, config: InternalAxiosRequestConfig): AgnesFailure {
  const request = {
    method: config.method,
    url: fullUrl(config),
    requestHeaders: config.headers,
    requestBody: isStreamBody(config.data) ? undefined : config.data,
  };
  const response = error.response;
  if (response) {
    return {
      ...request,
      status: response.status,
      responseHeaders: response.headers as AgnesFailure['responseHeaders'],
      responseBody: isStreamBody(response.data) ? undefined : response.data,
    };
  }
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : error.code;
  // axios names its own timeouts by code, or only in the message ("timeout of 100ms exceeded").
  const condition = abortOrTimeout(error) ?? (/timeout/i.test(error.message) ? 'timeout' : 'network');
  const timedOut = condition === 'timeout';
  return {
    ...request,
    condition,
    errorCode: code,
    errorMessage: typeof cause?.message === 'string' ? cause.message : error.message,
    ...(timedOut && config.timeout ? { timeoutMs: config.timeout } : {}),
  };
}
