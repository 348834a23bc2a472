import type { LocaleBundle } from '@agnes-errors/core';
import { type AgnesErrorInfo, classify, closestModels, formatAgnesMessage } from '@agnes-errors/core';
import type { Words } from '../words.ts';
import { type StepOutcome, since } from './step.ts';

/** One answer of the API, or why none came. */
type Answer =
  | {
      readonly kind: 'response';
      readonly response: Response;
      readonly text: string;
      readonly elapsedMs: number;
    }
  | { readonly kind: 'timeout'; readonly elapsedMs: number }
  | { readonly kind: 'error'; readonly code: string; readonly message: string; readonly elapsedMs: number };

/** Sends one request under a timeout that also covers the body; never throws. */
export async function send(url: string, init: RequestInit, timeoutMs: number): Promise<Answer> {
  const start = performance.now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal, redirect: 'manual' });
    const text = await response.text();
    return { kind: 'response', response, text, elapsedMs: since(start) };
  } catch (error) {
    if (signal.aborted) return { kind: 'timeout', elapsedMs: since(start) };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      kind: 'error',
      code: cause?.code ?? (error as { code?: string }).code ?? 'ERROR',
      message: cause?.message ?? (error as Error).message,
      elapsedMs: since(start),
    };
  }
}

/** A failed answer in core's words: the one-line Agnes message and the diagnosis for `--json`. */
function diagnose(
  answer: Answer & { kind: 'response' | 'error' },
  request: { method: string; url: string; headers: Record<string, string>; body?: string },
  locale: LocaleBundle | 'en',
): { info: AgnesErrorInfo; message: string } {
  const info =
    answer.kind === 'response'
      ? classify(
          {
            status: answer.response.status,
            method: request.method,
            url: request.url,
            requestHeaders: request.headers,
            requestBody: request.body,
            responseHeaders: answer.response.headers,
            responseBody: answer.text,
          },
          { locale },
        )
      : classify(
          {
            condition: 'network',
            errorCode: answer.code,
            errorMessage: answer.message,
            method: request.method,
            url: request.url,
          },
          { locale },
        );
  return { info, message: formatAgnesMessage(info, { locale }) };
}

/** What the models step found, for the steps after it. */
export interface ModelsCheck extends StepOutcome {
  /** The models listed, or `undefined` when the list could not be read. */
  readonly models: readonly string[] | undefined;
  /** The response headers of the list request (rate-limit headers). */
  readonly headers: Headers | undefined;
}

/** `GET /v1/models` with the key: the key accepted (or core's diagnosis of the refusal), the models listed. */
export async function checkModels(
  base: string,
  key: string,
  timeoutMs: number,
  words: Words,
  locale: LocaleBundle | 'en',
): Promise<ModelsCheck> {
  const w = words.models;
  const request = { method: 'GET', url: `${base}/models`, headers: { authorization: `Bearer ${key}` } };
  const answer = await send(request.url, { headers: request.headers }, timeoutMs);
  if (answer.kind === 'timeout')
    return {
      status: 'fail',
      figure: w.timeout(timeoutMs),
      fix: w.timeoutFix,
      elapsedMs: answer.elapsedMs,
      models: undefined,
      headers: undefined,
    };
  if (answer.kind === 'response' && answer.response.ok) {
    const ids = modelIds(answer.text);
    if (!ids)
      return {
        status: 'fail',
        figure: w.answered(answer.response.status, answer.elapsedMs),
        notes: [w.notList],
        fix: w.notListFix,
        elapsedMs: answer.elapsedMs,
        models: undefined,
        headers: answer.response.headers,
      };
    const shown =
      ids.slice(0, 12).join(', ') + (ids.length > 12 ? `, ${words.moreModels(ids.length - 12)}` : '');
    return {
      status: 'pass',
      figure: w.listed(answer.elapsedMs, ids.length),
      notes: ids.length > 0 ? [shown] : [],
      fix: undefined,
      elapsedMs: answer.elapsedMs,
      data: { status: answer.response.status, models: ids },
      models: ids,
      headers: answer.response.headers,
    };
  }
  const { info, message } = diagnose(answer, request, locale);
  const figure =
    answer.kind === 'response' ? w.answered(answer.response.status, answer.elapsedMs) : w.failed(answer.code);
  return {
    status: 'fail',
    figure,
    notes: [message],
    fix: info.hints[0]?.fix ?? info.entry?.solutions[0] ?? w.failedFix,
    elapsedMs: answer.elapsedMs,
    data: { status: info.status ?? null, reason: info.reason, requestId: info.requestId ?? null },
    models: undefined,
    headers: answer.kind === 'response' ? answer.response.headers : undefined,
  };
}

/** Model ids from a `GET /v1/models` body. */
function modelIds(text: string): string[] | undefined {
  try {
    const json = JSON.parse(text) as { data?: unknown } | unknown[];
    const data = Array.isArray(json) ? json : json?.data;
    if (!Array.isArray(data)) return undefined;
    return data
      .map((item) => (typeof item === 'string' ? item : (item as { id?: unknown } | null)?.id))
      .filter((id): id is string => typeof id === 'string');
  } catch {
    return undefined;
  }
}

/** `--model`: among the listed models, or the closest names. */
export function checkModel(model: string | undefined, models: readonly string[], words: Words): StepOutcome {
  const w = words.model;
  if (!model) return { status: 'skip', figure: w.none, fix: undefined };
  if (models.includes(model)) return { status: 'pass', figure: w.found(model), fix: undefined };
  const closest = closestModels(model, models);
  return {
    status: 'fail',
    figure: w.missing(model, models.length),
    notes: closest.length > 0 ? [w.closest(closest.join(', '))] : [],
    fix: closest[0] ? w.useFix(closest[0]) : w.pickFix,
    data: { closest },
  };
}

/** Rate-limit headers the server sent with the list, as they are (OpenAI-style and IETF `RateLimit`). */
export function checkRateLimit(headers: Headers | undefined, words: Words): StepOutcome {
  const names = [
    'x-ratelimit-limit-requests',
    'x-ratelimit-remaining-requests',
    'x-ratelimit-reset-requests',
    'x-ratelimit-limit',
    'x-ratelimit-remaining',
    'x-ratelimit-reset',
    'ratelimit-policy',
    'ratelimit',
  ];
  const found = names.flatMap((name) => {
    const value = headers?.get(name);
    return value ? [[name, value.slice(0, 80)] as const] : [];
  });
  if (found.length === 0) return { status: 'skip', figure: words.rateLimit.none, fix: undefined };
  return {
    status: 'pass',
    figure: words.rateLimit.values(found.map(([name, value]) => `${name}: ${value}`).join(', ')),
    fix: undefined,
    data: Object.fromEntries(found),
  };
}

/** `--chat`: one tiny chat request (`max_tokens: 1`), billed; only when asked. */
export async function checkChat(
  base: string,
  key: string,
  model: string,
  timeoutMs: number,
  words: Words,
  locale: LocaleBundle | 'en',
): Promise<StepOutcome> {
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 });
  const request = {
    method: 'POST',
    url: `${base}/chat/completions`,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  };
  const answer = await send(request.url, { method: 'POST', headers: request.headers, body }, timeoutMs);
  if (answer.kind === 'timeout')
    return {
      status: 'fail',
      figure: words.models.timeout(timeoutMs),
      fix: words.models.timeoutFix,
      elapsedMs: answer.elapsedMs,
    };
  if (answer.kind === 'response' && answer.response.ok)
    return {
      status: 'pass',
      figure: words.chat.done(answer.elapsedMs, model),
      fix: undefined,
      elapsedMs: answer.elapsedMs,
    };
  const { info, message } = diagnose(answer, request, locale);
  return {
    status: 'fail',
    figure:
      answer.kind === 'response'
        ? words.models.answered(answer.response.status, answer.elapsedMs)
        : words.models.failed(answer.code),
    notes: [message],
    fix: info.hints[0]?.fix ?? info.entry?.solutions[0],
    elapsedMs: answer.elapsedMs,
    data: { status: info.status ?? null, reason: info.reason, requestId: info.requestId ?? null },
  };
}
