import { getEntry } from '../catalogue/index.ts';
import type { AgnesCategory, AgnesLocale, ReplaySafety } from '../catalogue/types.ts';
import { resolveLocale } from '../locale.ts';
import { getMessages } from '../messages/index.ts';
import type { AgnesHint, AgnesReason, HintDetails } from '../reasons.ts';
import { toHeaderMap } from '../util/headers.ts';
import { redact, redactUrl, secretsFromHeaders } from '../util/redact.ts';
import { retryAfterFromHeaders } from '../util/retry-after.ts';
import { diagnoseNoResponse, diagnoseResponse, type Evidence, type Finding } from './diagnose.ts';
import { endpointOf } from './endpoint.ts';
import { parseBody } from './parse-body.ts';
import { requestFacts } from './request.ts';
import type { AgnesErrorInfo, AgnesFailure, ClassifyOptions } from './types.ts';

const statusDefaults: Readonly<Record<number, AgnesReason>> = {
  400: 'bad_request',
  401: 'invalid_api_key',
  402: 'insufficient_quota',
  403: 'permission_denied',
  404: 'not_found',
  405: 'wrong_method',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_content_type',
  422: 'invalid_parameters',
  429: 'rate_limited',
  431: 'headers_too_large',
  499: 'client_closed_request',
  500: 'server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
  520: 'edge_unknown_error',
  522: 'edge_connection_timeout',
  524: 'edge_timeout',
};

/** Diagnoses that mean the same request would fail again: never retried whatever the status. */
const parameterFaults: ReadonlySet<AgnesReason> = new Set<AgnesReason>([
  'insufficient_quota',
  'image_size_not_multiple_of_16',
  'video_size_not_multiple_of_64',
  'video_frames_invalid',
  'model_not_found',
  'wrong_endpoint_for_model',
  'max_tokens_too_large',
  'n_must_be_1',
  'context_length_exceeded',
  'invalid_json_body',
  'duplicate_task',
  'task_not_found',
  'caller_aborted',
  'duplicated_v1',
  'missing_v1',
]);

/** Category of diagnoses that say more than their status does. */
const reasonCategories: Partial<Record<AgnesReason, AgnesCategory>> = {
  insufficient_quota: 'billing',
  duplicate_task: 'conflict',
  caller_aborted: 'aborted',
  client_timeout: 'timeout',
  dns_failure: 'network',
  connection_refused: 'network',
  connection_reset: 'network',
  network_error: 'network',
  model_not_found: 'not_found',
  duplicated_v1: 'not_found',
  missing_v1: 'not_found',
};

/** Whether a failure that got no response may be replayed: only if the request never left. */
const noResponseReplay: Partial<Record<AgnesReason, ReplaySafety>> = {
  dns_failure: 'safe',
  connection_refused: 'safe',
};

function validStatus(status: unknown): number | undefined {
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 999
    ? status
    : undefined;
}

function parseUrl(url: unknown): {
  path: string | undefined;
  host: string | undefined;
  text: string | undefined;
} {
  const text = url instanceof URL ? url.href : typeof url === 'string' ? url : undefined;
  if (text === undefined) return { path: undefined, host: undefined, text: undefined };
  try {
    const parsed = new URL(text, 'http://relative.invalid');
    const host = parsed.hostname === 'relative.invalid' ? undefined : parsed.hostname;
    return { path: parsed.pathname, host, text: redactUrl(text.slice(0, 2000)) };
  } catch {
    return { path: undefined, host: undefined, text: redactUrl(text.slice(0, 2000)) };
  }
}

const REQUEST_ID_IN_MESSAGE = /\s*[(（[]?\s*request[ _-]?id\s*[:：]\s*([A-Za-z0-9_.:-]+)\s*[)）\]]?\s*$/i;

function requestIdOf(headers: ReadonlyMap<string, string>, message: string | undefined): string | undefined {
  const fromHeader =
    headers.get('x-oneapi-request-id') ??
    headers.get('x-request-id') ??
    headers.get('request-id') ??
    headers.get('x-amzn-requestid');
  const fromMessage = message ? REQUEST_ID_IN_MESSAGE.exec(message)?.[1] : undefined;
  const id = fromHeader ?? fromMessage ?? headers.get('cf-ray');
  return id?.trim().slice(0, 200) || undefined;
}

function defaultReason(status: number | undefined): AgnesReason {
  if (status === undefined) return 'network_error';
  return statusDefaults[status] ?? 'unknown_status';
}

function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<AgnesReason>();
  return findings.filter(([reason]) => !seen.has(reason) && seen.add(reason));
}

function classifyUnsafe(failure: AgnesFailure, options: ClassifyOptions): AgnesErrorInfo {
  const locale: AgnesLocale = resolveLocale(options.locale);
  const now = typeof options.now === 'number' ? options.now : Date.now();
  const status = validStatus(failure.status);
  const requestHeaders = toHeaderMap(failure.requestHeaders);
  const responseHeaders = toHeaderMap(failure.responseHeaders);
  const secrets = secretsFromHeaders(requestHeaders);
  const { path, host, text: urlText } = parseUrl(failure.url);
  const method = typeof failure.method === 'string' ? failure.method.toUpperCase().slice(0, 20) : undefined;
  const body = parseBody(failure.responseBody);
  const rawMessage = body.message;
  const evidence: Evidence = {
    failure,
    status,
    method,
    path,
    host,
    requestHeaders,
    hasRequestHeaders: failure.requestHeaders !== undefined && failure.requestHeaders !== null,
    body,
    said: [rawMessage, body.type, body.code].filter(Boolean).join(' ').toLowerCase(),
    request: requestFacts(failure.requestBody, requestHeaders.get('content-type')),
  };
  const noResponse = status === undefined;
  const streamed = noResponse && failure.condition === 'stream';
  const findings = unique(noResponse ? diagnoseNoResponse(evidence) : diagnoseResponse(evidence));
  const reason = findings[0]?.[0] ?? defaultReason(status);
  if (findings.length === 0) findings.push([reason, path && reason === 'not_found' ? { path } : {}]);
  const entry = getEntry(status, locale);
  const category: AgnesCategory =
    reasonCategories[reason] ??
    entry?.category ??
    (streamed ? 'server' : undefined) ??
    (status === undefined
      ? 'network'
      : status >= 500
        ? 'server'
        : status >= 400
          ? 'invalid_request'
          : 'unknown');
  // An error event after the stream started is never replayed: part of the answer was delivered.
  const statusRetryable = streamed
    ? false
    : noResponse
      ? reason !== 'caller_aborted'
      : entry
        ? entry.retry === 'yes'
        : status >= 500;
  const retryable = statusRetryable && !parameterFaults.has(reason);
  const replay: ReplaySafety | undefined = !retryable
    ? undefined
    : noResponse
      ? (noResponseReplay[reason] ?? 'ambiguous')
      : (entry?.replay ?? 'ambiguous');
  const messages = getMessages(locale);
  const hints: AgnesHint[] = findings.map(([hintReason, found]) => {
    // Details come from the request and the client's error: they pass through redaction like any text.
    const details = Object.fromEntries(
      Object.entries(found).map(([name, value]) => [
        name,
        typeof value === 'string' ? redact(value, secrets) : value,
      ]),
    ) as HintDetails;
    const text = messages.reasons[hintReason](details);
    return { reason: hintReason, message: redact(text.cause, secrets), fix: text.fix, details };
  });
  const providerMessage = rawMessage
    ? redact(rawMessage.replace(REQUEST_ID_IN_MESSAGE, ''), secrets).slice(0, 500) || undefined
    : undefined;
  return {
    status,
    category,
    reason,
    retryable,
    replay,
    retryAfterMs: noResponse ? undefined : retryAfterFromHeaders(responseHeaders, now, status === 429),
    hints,
    requestId: requestIdOf(responseHeaders, rawMessage),
    providerCode: body.code?.slice(0, 100),
    providerType: body.type?.slice(0, 100),
    providerMessage,
    method,
    url: urlText === undefined ? undefined : redact(urlText, secrets),
    endpoint: endpointOf(path).kind,
    entry,
    locale,
  };
}

/**
 * Diagnoses a failed Agnes call from plain data: status or network condition, the request and the
 * response. Pure, and never throws whatever the input: unreadable parts are skipped.
 */
export function classify(failure: AgnesFailure, options: ClassifyOptions = {}): AgnesErrorInfo {
  try {
    return classifyUnsafe(typeof failure === 'object' && failure !== null ? failure : {}, options ?? {});
  } catch {
    let status: number | undefined;
    try {
      status = validStatus((failure as { status?: unknown } | null)?.status);
    } catch {
      // A getter that throws: classify as if nothing was known.
    }
    return classifyUnsafe({ status }, {});
  }
}

export type { EndpointKind } from './endpoint.ts';
export { endpointOf, isIdempotent, isTaskCreating } from './endpoint.ts';
export type { AgnesErrorInfo, AgnesFailure, ClassifyOptions, NoResponseCondition } from './types.ts';
