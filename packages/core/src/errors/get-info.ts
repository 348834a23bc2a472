import { classify } from '../classify/index.ts';
import type { AgnesErrorInfo, AgnesFailure, ClassifyOptions } from '../types/failure.ts';
import { abortOrTimeout } from './abort-or-timeout.ts';
import { causeChain, isRequestFailure } from './request-failure.ts';

type Loose = Record<string, unknown> | undefined;

const infoKey = 'agnes';

function looksLikeInfo(value: unknown): value is AgnesErrorInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Loose)?.reason === 'string' &&
    'retryable' in value
  );
}

/** Attaches a diagnosis to an error or response as a non-enumerable `agnes` property. */
export function attachAgnesInfo<T extends object>(
  target: T,
  info: AgnesErrorInfo,
): T & { agnes: AgnesErrorInfo } {
  Object.defineProperty(target, infoKey, {
    value: info,
    configurable: true,
    writable: true,
    enumerable: false,
  });
  return target as T & { agnes: AgnesErrorInfo };
}

/**
 * Reads the common shapes of client errors (axios, ky, got, the OpenAI SDK, fetch responses) into
 * failure data. Knows no client: it only reads well-known property names.
 */
export function failureFromUnknown(value: unknown): AgnesFailure {
  const error = value as Loose;
  const response = error?.response as Loose;
  const isResponse =
    typeof (value as Response | undefined)?.headers?.get === 'function' &&
    typeof (value as Response).status === 'number';
  const source = isResponse ? (value as Loose) : response;
  const config = (error?.config ?? error?.options ?? (error?.request as Loose)) as Loose;
  const cause = error?.cause as Loose;
  const code = [error?.code, cause?.code].find(
    (candidate): candidate is string => typeof candidate === 'string',
  );
  // Only an error status is a failed response; an error around a 2xx (a cut or unparsable body) is not.
  const status = [error?.status, source?.status, source?.statusCode, error?.statusCode].find(
    (candidate): candidate is number => typeof candidate === 'number' && candidate >= 400,
  );
  // An SDK that hands a mid-stream error event on as text (@anthropic-ai/sdk 0.41 and earlier: a
  // connection error caused by `SSE Error: {"type":"error",...}`): the event is the JSON after the prefix.
  const sseText = [error?.error, cause?.message].find(
    (candidate): candidate is string => typeof candidate === 'string' && candidate.startsWith('SSE Error:'),
  );
  const eventText = sseText?.slice('SSE Error:'.length).trim();
  // An SDK error with a parsed provider body, no status and no underlying cause: a mid-stream error event.
  const streamEvent =
    (typeof error?.error === 'object' && error.error !== null && cause === undefined) ||
    eventText !== undefined;
  const condition =
    status === undefined ? (abortOrTimeout(error) ?? (streamEvent ? 'stream' : 'network')) : undefined;
  const url = [source?.url, config?.url, (error?.request as Loose)?.url, error?.url].find(
    (candidate) => typeof candidate === 'string' || candidate instanceof URL,
  ) as string | URL | undefined;
  return {
    status,
    condition,
    errorCode: code,
    errorMessage: typeof error?.message === 'string' ? error.message : undefined,
    method: typeof config?.method === 'string' ? config.method : undefined,
    url,
    requestHeaders: config?.headers as AgnesFailure['requestHeaders'],
    // The AI SDK's APICallError keeps the request body and the response as plain fields.
    requestBody: error?.requestBodyValues,
    responseHeaders: (error?.headers ??
      source?.headers ??
      error?.responseHeaders) as AgnesFailure['responseHeaders'],
    responseBody:
      eventText ??
      error?.error ??
      source?.data ??
      (typeof source?.body === 'string' ? source.body : undefined) ??
      error?.data ??
      error?.responseBody,
  };
}

/**
 * The Agnes diagnosis of any error or response: the one an adapter attached (`error.agnes`), or a
 * fresh classification of a raw client error. `undefined` for values that are not failures, and
 * for values that cannot be read (throwing getters, revoked Proxies). Never throws: it is called
 * from `catch` blocks.
 */
export function getAgnesInfo(value: unknown, options?: ClassifyOptions): AgnesErrorInfo | undefined {
  try {
    return infoOf(value, options);
  } catch {
    return undefined;
  }
}

function infoOf(value: unknown, options: ClassifyOptions | undefined): AgnesErrorInfo | undefined {
  // The diagnosis an adapter attached, on the value or on what it wraps (an SDK's connection error
  // around our fetch's error, a framework's retry error around the last attempt's).
  for (const candidate of causeChain(value)) {
    const attached = (candidate as Loose)?.[infoKey];
    if (looksLikeInfo(attached)) return attached;
  }
  for (const candidate of causeChain(value)) {
    if (isRequestFailure(candidate)) return classify(failureFromUnknown(candidate), options);
  }
  return undefined;
}
