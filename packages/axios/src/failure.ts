import type { AgnesFailure } from '@agnes-errors/core';
import type { AxiosError, InternalAxiosRequestConfig } from 'axios';

/** The URL axios sends to: `baseURL` joined with a relative `url`, as axios joins them. */
export function fullUrl(config: InternalAxiosRequestConfig): string {
  const url = config.url ?? '';
  if (/^([a-z][a-z\d+\-.]*:)?\/\//i.test(url) || !config.baseURL) return url;
  return url ? `${config.baseURL.replace(/\/?\/$/, '')}/${url.replace(/^\/+/, '')}` : config.baseURL;
}

/** A request body axios can send again: anything but a stream. */
export function isReplayable(data: unknown): boolean {
  if (data === null || typeof data !== 'object') return true;
  const candidate = data as { pipe?: unknown; getReader?: unknown };
  return typeof candidate.pipe !== 'function' && typeof candidate.getReader !== 'function';
}

/** Translates an axios error into core's plain failure data. */
export function toFailure(error: AxiosError, config: InternalAxiosRequestConfig): AgnesFailure {
  const request = {
    method: config.method,
    url: fullUrl(config),
    requestHeaders: config.headers,
    requestBody: isReplayable(config.data) ? config.data : undefined,
  };
  const response = error.response;
  if (response) {
    return {
      ...request,
      status: response.status,
      responseHeaders: response.headers as AgnesFailure['responseHeaders'],
      responseBody: isReplayable(response.data) ? response.data : undefined,
    };
  }
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : error.code;
  const timedOut =
    error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || /timeout/i.test(error.message);
  return {
    ...request,
    condition: error.code === 'ERR_CANCELED' ? 'abort' : timedOut ? 'timeout' : 'network',
    errorCode: code,
    errorMessage: typeof cause?.message === 'string' ? cause.message : error.message,
    ...(timedOut && config.timeout ? { timeoutMs: config.timeout } : {}),
  };
}
