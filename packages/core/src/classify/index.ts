import { getEntry } from '../catalogue/index.ts';
import type { AgnesLocale } from '../catalogue/types.ts';
import { resolveLocale } from '../locale.ts';
import { getMessages } from '../messages/index.ts';
import { categoryOf, defaultPolicySettings, defaultReason, retryVerdict } from '../policy.ts';
import type { AgnesHint, AgnesReason, HintDetails } from '../reasons.ts';
import { toHeaderMap } from '../util/headers.ts';
import { redact, redactUrl, secretsFromHeaders } from '../util/redact.ts';
import { retryAfterFromHeaders } from '../util/retry-after.ts';
import { diagnoseNoResponse, diagnoseResponse, type Evidence, type Finding } from './diagnose.ts';
import { endpointOf } from './endpoint.ts';
import { parseBody } from './parse-body.ts';
import { requestFacts } from './request.ts';
import type { AgnesErrorInfo, AgnesFailure, ClassifyOptions } from './types.ts';

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

/**
 * A trailing `(request id: ...)` as new-api appends it. Only the message's last characters are
 * searched, and every quantifier is bounded, so a hostile message costs the same as a short one.
 */
const REQUEST_ID_AT_END =
  /[(（[]?[ \t]{0,8}request[ _-]?id[ \t]{0,8}[:：][ \t]{0,8}([A-Za-z0-9_.:-]{1,120})[ \t]{0,8}[)）\]]?$/i;

/** A provider message split into its text and the request id it ends with, if any. */
function splitRequestId(message: string): { text: string; id: string | undefined } {
  const trimmed = message.trimEnd();
  const tail = trimmed.slice(-200);
  const match = REQUEST_ID_AT_END.exec(tail);
  if (!match) return { text: trimmed, id: undefined };
  return { text: trimmed.slice(0, trimmed.length - tail.length + match.index).trimEnd(), id: match[1] };
}

function requestIdOf(headers: ReadonlyMap<string, string>, message: string | undefined): string | undefined {
  const fromHeader =
    headers.get('x-oneapi-request-id') ??
    headers.get('x-request-id') ??
    headers.get('request-id') ??
    headers.get('x-amzn-requestid');
  const fromMessage = message ? splitRequestId(message).id : undefined;
  const id = fromHeader ?? fromMessage ?? headers.get('cf-ray');
  return id?.trim().slice(0, 200) || undefined;
}

function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<AgnesReason>();
  return findings.filter(([reason]) => !seen.has(reason) && seen.add(reason));
}

/** The facts of a failure every step reads: parsed once, bounded, and with the request's secrets known. */
function gatherEvidence(
  failure: AgnesFailure,
): Evidence & { readonly secrets: string[]; readonly urlText: string | undefined } {
  const status = validStatus(failure.status);
  const requestHeaders = toHeaderMap(failure.requestHeaders);
  const { path, host, text: urlText } = parseUrl(failure.url);
  const body = parseBody(failure.responseBody);
  return {
    failure,
    status,
    method: typeof failure.method === 'string' ? failure.method.toUpperCase().slice(0, 20) : undefined,
    path,
    host,
    requestHeaders,
    hasRequestHeaders: failure.requestHeaders !== undefined && failure.requestHeaders !== null,
    body,
    said: [body.message, body.type, body.code].filter(Boolean).join(' ').toLowerCase(),
    request: requestFacts(failure.requestBody, requestHeaders.get('content-type')),
    secrets: secretsFromHeaders(requestHeaders),
    urlText,
  };
}

/** Every diagnosis that applies, most specific first, each reason once; the status default when none does. */
function findingsOf(evidence: Evidence): Finding[] {
  const { status, path } = evidence;
  const findings = unique(status === undefined ? diagnoseNoResponse(evidence) : diagnoseResponse(evidence));
  if (findings.length > 0) return findings;
  const reason = defaultReason(status);
  return [[reason, path && reason === 'not_found' ? { path } : {}]];
}

/** A record's string values redacted. */
function redactValues<T extends object | undefined>(record: T, secrets: readonly string[]): T {
  if (!record) return record;
  return Object.fromEntries(
    Object.entries(record).map(([name, value]) => [
      name,
      typeof value === 'string' ? redact(value, secrets) : value,
    ]),
  ) as T;
}

/** The findings in words; details come from the request and the client's error, so they are redacted too. */
function hintsOf(findings: readonly Finding[], locale: AgnesLocale, secrets: readonly string[]): AgnesHint[] {
  const messages = getMessages(locale);
  return findings.map(([reason, found]) => {
    const details = redactValues(found, secrets) as HintDetails;
    const text = messages.reasons[reason](details);
    return { reason, message: redact(text.cause, secrets), fix: text.fix, details };
  });
}

function providerMessageOf(message: string | undefined, secrets: readonly string[]): string | undefined {
  if (!message) return undefined;
  return redact(splitRequestId(message.slice(0, 4000)).text, secrets).slice(0, 500) || undefined;
}

function classifyUnsafe(failure: AgnesFailure, options: ClassifyOptions): AgnesErrorInfo {
  const locale: AgnesLocale = resolveLocale(options.locale);
  const evidence = gatherEvidence(failure);
  const { status, method, path, body, secrets } = evidence;
  const findings = findingsOf(evidence);
  const reason = (findings[0] as Finding)[0];
  const streamed = status === undefined && failure.condition === 'stream';
  const endpoint = endpointOf(path).kind;
  const verdict = retryVerdict(
    { status, reason, streamed, method, endpoint, path },
    {
      replay: options.replay ?? defaultPolicySettings.replay,
      alwaysRetryStatuses: options.alwaysRetryStatuses ?? defaultPolicySettings.alwaysRetryStatuses,
    },
  );
  const responseHeaders = toHeaderMap(failure.responseHeaders);
  const now = typeof options.now === 'number' ? options.now : Date.now();
  const clean = (text: string | undefined): string | undefined => (text ? redact(text, secrets) : text);
  return {
    status,
    category: categoryOf(status, reason, streamed),
    reason,
    retryable: verdict.retryable,
    replaySafety: verdict.replaySafety,
    retryAfterMs:
      status === undefined ? undefined : retryAfterFromHeaders(responseHeaders, now, status === 429),
    hints: hintsOf(findings, locale, secrets),
    // Everything the provider said can echo the key: every field passes through redaction.
    requestId: clean(requestIdOf(responseHeaders, body.message)),
    providerCode: clean(body.code?.slice(0, 100)),
    providerType: clean(body.type?.slice(0, 100)),
    providerMessage: providerMessageOf(body.message, secrets),
    method,
    url: evidence.urlText === undefined ? undefined : redact(evidence.urlText, secrets),
    endpoint,
    entry: getEntry(status, locale),
    locale,
    ...(verdict.stop && { stop: verdict.stop, stopDetails: redactValues(verdict.stopDetails, secrets) }),
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

export { isIdempotent } from '../policy.ts';
export type { EndpointKind } from './endpoint.ts';
export { endpointOf, isTaskCreating } from './endpoint.ts';
export type { AgnesErrorInfo, AgnesFailure, ClassifyOptions, NoResponseCondition } from './types.ts';
