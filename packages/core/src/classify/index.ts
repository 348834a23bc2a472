import { getEntry } from '../catalogue/index.ts';
import { resolveLocale } from '../locale.ts';
import { getMessages } from '../messages/index.ts';
import { categoryOf, defaultPolicySettings, defaultReason, retryVerdict } from '../policy.ts';
import type { AgnesLocale } from '../types/catalogue.ts';
import { endpointOf } from '../types/endpoint.ts';
import type { AgnesErrorInfo, AgnesFailure, ClassifyOptions } from '../types/failure.ts';
import type { AgnesHint, AgnesReason, HintDetails } from '../types/reasons.ts';
import { toHeaderMap } from '../util/headers.ts';
import { rememberSecrets } from '../util/known-secrets.ts';
import { redact, redactBounded, redactUrl, secretsFromHeaders } from '../util/redact.ts';
import { retryAfterFromHeaders } from '../util/retry-after.ts';
import { secretsFromUrl } from '../util/url-secrets.ts';
import { diagnoseNoResponse, diagnoseResponse, type Evidence, type Finding } from './diagnose.ts';
import { type ParsedBody, parseBody } from './parse-body.ts';
import { requestFacts } from './request.ts';

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
  const full = url instanceof URL ? url.href : typeof url === 'string' ? url : undefined;
  // Real URLs are short; a hostile one is parsed no further than this.
  const text = full?.slice(0, 8192);
  if (text === undefined) return { path: undefined, host: undefined, text: undefined };
  try {
    const parsed = new URL(text, 'http://relative.invalid');
    const host = parsed.hostname === 'relative.invalid' ? undefined : parsed.hostname;
    return { path: parsed.pathname, host, text: redactUrl(text) };
  } catch {
    return { path: undefined, host: undefined, text: redactUrl(text) };
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
  return id?.trim() || undefined;
}

function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<AgnesReason>();
  return findings.filter(([reason]) => !seen.has(reason) && seen.add(reason));
}

/** Text from the provider or the client, redacted and bounded; `undefined` for anything else. */
const redactedText = (text: unknown, secrets: readonly string[], max: number): string | undefined =>
  typeof text === 'string' ? redactBounded(text, secrets, max) : undefined;

/** What the provider's body said, redacted before any rule reads it. */
function redactedBody(body: ParsedBody, secrets: readonly string[]): ParsedBody {
  return {
    ...body,
    message: redactedText(body.message, secrets, 4000),
    type: redactedText(body.type, secrets, 100),
    code: redactedText(body.code, secrets, 100),
    param: redactedText(body.param, secrets, 100),
  };
}

/** The facts of a failure every step reads: parsed once, bounded, and with the request's secrets known. */
function gatherEvidence(
  given: AgnesFailure,
): Evidence & { readonly secrets: string[]; readonly urlText: string | undefined } {
  const requestHeaders = toHeaderMap(given.requestHeaders);
  const secrets = [...secretsFromHeaders(requestHeaders), ...secretsFromUrl(given.url)].sort(
    (a, b) => b.length - a.length,
  );
  // Everything the provider or the client said is redacted here, before any rule reads or cuts it;
  // the client's own words are read for a diagnosis only, so a bounded prefix is enough.
  const failure: AgnesFailure = {
    ...given,
    errorCode: redactedText(given.errorCode, secrets, 100),
    errorMessage: redactedText(given.errorMessage, secrets, 2000),
  };
  const status = validStatus(failure.status);
  const url = parseUrl(failure.url);
  const path = url.path === undefined ? undefined : redactBounded(url.path, secrets, 2000);
  const body = redactedBody(parseBody(failure.responseBody), secrets);
  return {
    failure,
    status,
    method: typeof failure.method === 'string' ? failure.method.toUpperCase().slice(0, 20) : undefined,
    path,
    host: url.host,
    requestHeaders,
    hasRequestHeaders: failure.requestHeaders !== undefined && failure.requestHeaders !== null,
    body,
    said: [body.message, body.type, body.code].filter(Boolean).join(' ').toLowerCase(),
    request: requestFacts(failure.requestBody, requestHeaders.get('content-type')),
    secrets,
    urlText: url.text === undefined ? undefined : redactBounded(url.text, secrets, 2000),
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

/** The provider's message (already redacted) without its trailing request id, bounded. */
function providerMessageOf(message: string | undefined): string | undefined {
  if (!message) return undefined;
  return splitRequestId(message).text.slice(0, 500) || undefined;
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
  const now =
    typeof options.nowMs === 'number'
      ? options.nowMs
      : typeof options.now === 'number'
        ? options.now
        : Date.now();

  const info: AgnesErrorInfo = {
    status,
    category: categoryOf(status, reason, streamed),
    reason,
    retryable: verdict.retryable,
    replaySafety: verdict.replaySafety,
    retryAfterMs:
      status === undefined ? undefined : retryAfterFromHeaders(responseHeaders, now, status === 429),
    hints: hintsOf(findings, locale, secrets),
    // Everything the provider said can echo the key: every field passes through redaction.
    requestId: redactedText(requestIdOf(responseHeaders, body.message), secrets, 200),
    providerCode: body.code,
    providerType: body.type,
    providerMessage: providerMessageOf(body.message),
    method,
    url: evidence.urlText,
    endpoint,
    entry: getEntry(status, locale),
    locale,
    ...(verdict.stop && { stop: verdict.stop, stopDetails: verdict.stopDetails }),
  };
  rememberSecrets(info, secrets);
  return info;
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
export type { EndpointKind } from '../types/endpoint.ts';
export { endpointOf, isTaskCreating } from '../types/endpoint.ts';
export type { AgnesErrorInfo, AgnesFailure, ClassifyOptions, NoResponseCondition } from '../types/failure.ts';
