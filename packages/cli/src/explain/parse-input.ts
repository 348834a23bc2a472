import type { AgnesFailure } from '@agnes-errors/core';

/** What the input was read as. */
export type InputKind = 'status' | 'curl' | 'json' | 'text';

/** The input as a failure for `classify`, and what it was read as; `failure` is absent when nothing was found. */
export interface ParsedInput {
  readonly kind: InputKind;
  readonly failure: AgnesFailure | undefined;
  /** True when the status was guessed from the words of the message (none was stated). */
  readonly statusGuessed?: boolean;
}

/** `error.type` values of OpenAI-style bodies and the status they go with, for bodies pasted without one. */
const statusOfType: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  invalid_api_key: 401,
  insufficient_quota: 402,
  permission_error: 403,
  permission_denied: 403,
  not_found_error: 404,
  model_not_found: 404,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  server_error: 500,
  overloaded_error: 503,
};

const networkCodes =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_[A-Z_]+|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID)\b/;

const validStatus = (status: number): boolean => status >= 100 && status <= 599;

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The status a JSON body states (`status`, `statusCode`, a numeric `error.code`, or its `error.type`). */
function statusOfJson(json: Record<string, unknown>, guess = true): number | undefined {
  const error = (typeof json.error === 'object' && json.error !== null ? json.error : {}) as Record<
    string,
    unknown
  >;
  for (const value of [json.status, json.statusCode, error.status, error.code]) {
    const number =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^\d{3}$/.test(value)
          ? Number(value)
          : NaN;
    if (validStatus(number)) return number;
  }
  if (!guess) return undefined;
  for (const value of [error.type, error.code, json.type]) {
    if (typeof value === 'string' && statusOfType[value] !== undefined) return statusOfType[value];
  }
  return undefined;
}

/**
 * The JSON object quoted in a text (an SDK error often ends with the body, inside other output):
 * tried from each `{"` near the start and each `}` near the end, so the cost stays bounded.
 */
function embeddedJson(text: string): { json: Record<string, unknown>; raw: string } | undefined {
  const starts = [...text.matchAll(/\{\s*"/g)].slice(0, 10).map((match) => match.index);
  const ends = [...text.matchAll(/\}/g)]
    .map((match) => match.index)
    .slice(-10)
    .reverse();
  for (const start of starts) {
    for (const end of ends) {
      if (end <= start) continue;
      const raw = text.slice(start, end + 1);
      const json = parseJsonObject(raw);
      if (json) return { json, raw };
    }
  }
  return undefined;
}

/** A status guessed from the words of a message, for a body pasted without its status. */
const statusOfWords: readonly (readonly [RegExp, number])[] = [
  [/quota|balance|insufficient|额度|余额/i, 402],
  [/token|api.?key|令牌|密钥|unauthori[sz]ed/i, 401],
  [/rate.?limit|too many requests|rpm|负载已饱和|频率/i, 429],
  [/no available channel|无可用渠道/i, 503],
  [/model.{0,80}(does not exist|not found)|模型.{0,40}不存在/i, 404],
];

/** The status the words of an error message suggest (a guess: the caller says so). */
export function guessStatus(message: string): number | undefined {
  return statusOfWords.find(([pattern]) => pattern.test(message))?.[1];
}

const reasonPhrases =
  /^\(?(?:Too Many Requests|Unauthorized|Forbidden|Not Found|Bad Request|Payment Required|Service Unavailable|Bad Gateway|Gateway Timeout|Internal Server Error|Request Timeout|Payload Too Large|Method Not Allowed|Conflict|Unprocessable Entity)\)?:?\s*/i;

/** `curl -i` (and `curl -v`) output: the last status line, its headers, the body; the request line and headers with `-v`. */
function parseCurl(text: string): AgnesFailure | undefined {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const verbose = lines.some((line) => /^< HTTP\//.test(line));
  let method: string | undefined;
  let host: string | undefined;
  let path: string | undefined;
  const requestHeaders: Record<string, string> = {};
  let status: number | undefined;
  let responseHeaders: Record<string, string> = {};
  const bodyLines: string[] = [];
  let inHeaders = false;
  for (const raw of lines) {
    if (verbose && raw.startsWith('> ')) {
      const line = raw.slice(2);
      const request = /^([A-Z]+) (\S+) HTTP\//.exec(line);
      if (request) [, method, path] = request;
      const header = /^([\w-]+):\s*(.*)$/.exec(line);
      if (header?.[1] && header[2] !== undefined) {
        requestHeaders[header[1].toLowerCase()] = header[2];
        if (header[1].toLowerCase() === 'host') host = header[2];
      }
      continue;
    }
    if (verbose && /^[*{}]/.test(raw)) continue;
    const line = verbose && raw.startsWith('< ') ? raw.slice(2) : raw;
    const statusLine = /^HTTP\/[\d.]+\s+(\d{3})/.exec(line);
    if (statusLine) {
      // A later status line (after 100 Continue or a proxy's CONNECT answer) replaces the earlier one.
      status = Number(statusLine[1]);
      responseHeaders = {};
      bodyLines.length = 0;
      inHeaders = true;
      continue;
    }
    if (inHeaders) {
      if (line.trim() === '') {
        inHeaders = false;
        continue;
      }
      const header = /^([\w-]+):\s*(.*)$/.exec(line);
      if (header?.[1] && header[2] !== undefined) responseHeaders[header[1].toLowerCase()] = header[2];
      continue;
    }
    if (status !== undefined) bodyLines.push(line);
  }
  if (status === undefined) return undefined;
  const scheme = host && /:80$/.test(host) ? 'http' : 'https';
  return {
    status,
    method,
    url: host && path ? `${scheme}://${host}${path}` : undefined,
    requestHeaders: Object.keys(requestHeaders).length > 0 ? requestHeaders : undefined,
    responseHeaders,
    responseBody: bodyLines.join('\n').trim(),
  };
}

/** The request an SDK message names (`POST https://.../v1/chat/completions`). */
function requestOf(text: string): { method?: string; url?: string } {
  const match = /\b(?:(GET|POST|PUT|PATCH|DELETE|HEAD)\s+)?(https?:\/\/[^\s"'<>)]+)/.exec(text);
  if (!match) return {};
  return { ...(match[1] && { method: match[1] }), ...(match[2] && { url: match[2].replace(/[.,;:]$/, '') }) };
}

/** An SDK's error message: `Error: 401 ...`, `Request failed with status code 429`, `Response code 503 (...)`, network codes. */
function parseText(
  text: string,
  status: number | undefined,
): { failure: AgnesFailure; guessed: boolean } | undefined {
  const request = requestOf(text);
  const embedded = embeddedJson(text);
  const stated =
    status ??
    (embedded && statusOfJson(embedded.json, false)) ??
    [
      /\bstatus[\s_]*(?:code)?["']?\s*[:=]?\s*(\d{3})\b/i,
      /\bresponse code (\d{3})\b/i,
      /^\s*(?:[\w.]*(?:Error|Exception)\s*(?:\[[^\]]*\])?:\s*)?(\d{3})\b/m,
      /\bHTTP(?:\/[\d.]+)?\s+(\d{3})\b/,
      /\b(\d{3})\s+(?:Too Many Requests|Unauthorized|Forbidden|Not Found|Bad Request|Payment Required|Service Unavailable|Bad Gateway|Gateway Timeout|Internal Server Error|Request Timeout|Payload Too Large)\b/i,
    ]
      .map((pattern) => Number(pattern.exec(text)?.[1]))
      .find((number) => validStatus(number)) ??
    (embedded && statusOfJson(embedded.json));
  const code = networkCodes.exec(text)?.[1];
  if (stated === undefined && code === undefined && !embedded) return undefined;
  if (stated === undefined && code !== undefined) {
    const condition = /timed? ?out|ETIMEDOUT/i.test(text) ? 'timeout' : 'network';
    return {
      failure: { condition, errorCode: code, errorMessage: text.slice(0, 2000), ...request },
      guessed: false,
    };
  }
  // The message after the status (without the reason phrase and the request line) stands for the
  // provider's message when no body came with it; SDK boilerplate alone is no message.
  const after = stated === undefined ? text : text.slice(text.indexOf(String(stated)) + 3);
  const message = after
    .trim()
    .replace(reasonPhrases, '')
    .replace(/\b(?:GET|POST|PUT|PATCH|DELETE|HEAD)?\s*https?:\/\/\S+/g, '')
    .trim();
  const body =
    embedded?.raw ?? (message ? JSON.stringify({ error: { message: message.slice(0, 2000) } }) : undefined);
  const guess = stated === undefined ? guessStatus(message) : undefined;
  return {
    failure: { status: stated ?? guess, ...request, ...(body !== undefined && { responseBody: body }) },
    guessed: guess !== undefined,
  };
}

/**
 * Reads what a user has in hand into a failure: a bare status code, `curl -i`/`-v` output, a JSON
 * error body, or an SDK's error message (with the body it may quote). `status` overrides what is found.
 */
export function parseErrorInput(input: string, status?: number): ParsedInput {
  const text = input.trim();
  if (/^\d{3}$/.test(text)) return { kind: 'status', failure: { status: status ?? Number(text) } };
  if (/^(?:< )?HTTP\/[\d.]+\s+\d{3}/m.test(text)) {
    const failure = parseCurl(text);
    if (failure) return { kind: 'curl', failure: status === undefined ? failure : { ...failure, status } };
  }
  const json = text.startsWith('{') ? parseJsonObject(text) : undefined;
  if (json) {
    const stated = status ?? statusOfJson(json) ?? guessStatus(text);
    return {
      kind: 'json',
      failure: { ...(stated !== undefined && { status: stated }), responseBody: text },
      statusGuessed: status === undefined && statusOfJson(json) === undefined && stated !== undefined,
    };
  }
  const parsed = parseText(text, status);
  return { kind: 'text', failure: parsed?.failure, statusGuessed: parsed?.guessed ?? false };
}
