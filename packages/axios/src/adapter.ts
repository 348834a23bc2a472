import type { AgnesCallOptions } from '@agnes-errors/core';
import {
  type AgnesController,
  type CallOutcome,
  finalError,
  isStreamBody,
} from '@agnes-errors/core/adapter-kit';
import axios, { type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { toFailure } from './failure.ts';

/**
 * An axios adapter that runs the original one in Agnes's retry loop: pacing before each attempt,
 * classification and decision after each failure, abortable waits. Request and response
 * interceptors run once around the whole loop.
 */
export function loopingAdapter(
  controller: AgnesController,
  original: InternalAxiosRequestConfig['adapter'],
  overrides: AgnesCallOptions | undefined,
): AxiosAdapter {
  return async (config) => {
    const send = axios.getAdapter(original);
    const call = controller.begin({
      signal: config.signal as AbortSignal | undefined,
      bodyReplayable: !isStreamBody(config.data),
      overrides,
      request: () => ({ method: config.method, url: axios.getUri(config), body: config.data }),
    });
    let outcome: CallOutcome<AxiosResponse>;
    try {
      outcome = await call.run<AxiosResponse>(async ({ signal }) => {
        // With deadlineMs, an attempt still running at the deadline is aborted.
        const attemptConfig: InternalAxiosRequestConfig =
          signal && signal !== config.signal ? { ...config, signal } : config;
        try {
          return { ok: true, value: await send(attemptConfig) };
        } catch (error) {
          if (!axios.isAxiosError(error)) throw error;
          return { ok: false, failure: toFailure(error, config), error };
        }
      });
    } catch (error) {
      // An abort during a pacing or backoff wait rejects with the signal's reason: answer as axios would.
      if (config.signal?.aborted && !axios.isAxiosError(error))
        throw new axios.CanceledError(undefined, undefined, config);
      throw error;
    }
    if (outcome.ok) return outcome.value;
    throw finalError(outcome.error, outcome.info, call.options);
  };
}
