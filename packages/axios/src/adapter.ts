import type { AgnesCallOptions } from '@agnes-errors/core';
import {
  type AgnesController,
  type CallOutcome,
  finalError,
  isNetworkFailure,
  isStreamBody,
  type ModelListFetch,
  suggestModels,
} from '@agnes-errors/core/adapter-kit';
import axios, {
  type AxiosAdapter,
  AxiosError,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { sendWithCappedErrorBody } from './error-body-cap.ts';
import { fullUrl, toFailure } from './failure.ts';

/** The code of the AxiosError a preflight refusal rejects with: a request error without a response. */
export const preflightErrorCode = 'ERR_AGNES_PREFLIGHT';

/** The model list requested through the user's own instance (its auth, interceptors and our loop). */
function listThrough(instance: AxiosInstance): ModelListFetch {
  return async (url, init) => {
    const answer = await instance.get(url, {
      headers: init.headers as Record<string, string>,
      ...(init.signal && { signal: init.signal }),
    });
    return new Response(JSON.stringify(answer.data), { status: answer.status });
  };
}

/**
 * An axios adapter that runs the original one in Agnes's retry loop: pacing before each attempt,
 * classification and decision after each failure, abortable waits. Request and response
 * interceptors run once around the whole loop.
 */
export function loopingAdapter(
  controller: AgnesController,
  instance: AxiosInstance,
  original: InternalAxiosRequestConfig['adapter'],
  overrides: AgnesCallOptions | undefined,
): AxiosAdapter {
  return async (config) => {
    const send = axios.getAdapter(original);
    const call = controller.begin({
      signal: config.signal as AbortSignal | undefined,
      bodyReplayable: !isStreamBody(config.data),
      overrides,
      url: fullUrl(config),
      requestHeaders: config.headers as Record<string, string>,
      request: () => ({ method: config.method, url: axios.getUri(config), body: config.data }),
    });
    // A request the provider would certainly reject is refused before it takes a slot: an AxiosError
    // without a response, as for a request that never left.
    const refused = call.preflight({
      method: config.method,
      url: fullUrl(config),
      headers: config.headers,
      body: config.data,
    });
    if (refused)
      throw finalError(
        new AxiosError('Agnes preflight: request not sent', preflightErrorCode, config),
        refused,
        call.options,
      );
    let outcome: CallOutcome<AxiosResponse>;
    try {
      outcome = await call.run<AxiosResponse>(async (attempt) => {
        const { signal } = attempt;
        // With deadlineMs, an attempt still running at the deadline is aborted.
        const attemptConfig: InternalAxiosRequestConfig =
          signal && signal !== config.signal ? { ...config, signal } : config;
        try {
          const value = await sendWithCappedErrorBody(send, attemptConfig, call.options.maxErrorBodyBytes);
          return { ok: true, value };
        } catch (error) {
          if (!axios.isAxiosError(error)) throw error;
          const failure = toFailure(error, config);
          // Not the network (a custom adapter's or fetch's own bug, an invalid option): thrown as it is, once.
          if (
            failure.status === undefined &&
            failure.condition === 'network' &&
            !attempt.deadlineExpired &&
            !isNetworkFailure(error)
          )
            throw error;
          return { ok: false, failure, error };
        }
      });
    } catch (error) {
      // An abort during a pacing or backoff wait rejects with the signal's reason: answer as axios would.
      if (config.signal?.aborted && !axios.isAxiosError(error))
        throw new axios.CanceledError(undefined, undefined, config);
      throw error;
    }
    if (outcome.ok) return outcome.value;
    // An unknown model: the closest ones this key can use, from the (cached) model list.
    const info = await suggestModels(
      outcome.info,
      controller,
      call.options.modelList,
      {
        url: fullUrl(config),
        authorization: config.headers?.getAuthorization?.()?.toString() ?? null,
        now: controller.options.now,
      },
      listThrough(instance),
    );
    throw finalError(outcome.error, info, call.options);
  };
}
