import { anthropicResetMs } from './anthropic-reset.ts';

/** Durations like OpenAI's `x-ratelimit-reset-requests: 6m0s`, `1.5s`, `20ms`. */
function parseGoDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  return parts.reduce((total, part) => total + Number(part[1]) * (unit[part[2] ?? 's'] ?? 0), 0);
}

function finite(ms: number): number | undefined {
  return Number.isFinite(ms) && ms >= 0 ? Math.ceil(ms) : undefined;
}

/** Seconds (`"30"`, `"1.5"`) or an HTTP-date, relative to `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return finite(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : finite(Math.max(0, date - now));
}

/** `X-RateLimit-Reset`: epoch seconds, epoch milliseconds, a delta in seconds, or a Go duration. */
function parseReset(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const number = Number(text);
    if (number > 1e12) return finite(Math.max(0, number - now));
    if (number > 1e9) return finite(Math.max(0, number * 1000 - now));
    return finite(number * 1000);
  }
  return parseGoDuration(text);
}

/** IETF RateLimit header, both drafts: `"default";r=0;t=30` and `limit=10, remaining=0, reset=30`. */
function parseRateLimitHeader(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const reset = /(?:^|[;,\s])(?:t|reset)=(\d+(?:\.\d+)?)/.exec(value)?.[1];
  const remaining = /(?:^|[;,\s])(?:r|remaining)=(\d+)/.exec(value)?.[1];
  if (reset === undefined || (remaining !== undefined && Number(remaining) > 0)) return undefined;
  return finite(Number(reset) * 1000);
}

/**
 * How long the server asked us to wait, in ms, from the headers servers use: `retry-after-ms`,
 * `Retry-After` (seconds or HTTP-date), IETF `RateLimit`, `X-RateLimit-Reset` (epoch or delta),
 * `x-ratelimit-reset-requests`, Anthropic's `anthropic-ratelimit-*-reset`. Nonsense values are ignored; `undefined` when none applies.
 */
export function retryAfterFromHeaders(
  headers: ReadonlyMap<string, string>,
  now: number,
  rateLimited = false,
): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return finite(Number(ms));
  return (
    parseRetryAfter(headers.get('retry-after'), now) ??
    parseRateLimitHeader(headers.get('ratelimit')) ??
    parseReset(headers.get('x-ratelimit-retry-after'), now) ??
    (rateLimited ||
    headers.get('x-ratelimit-remaining') === '0' ||
    headers.get('x-ratelimit-remaining-requests') === '0'
      ? (parseReset(headers.get('x-ratelimit-reset'), now) ??
        parseReset(headers.get('x-ratelimit-reset-requests'), now))
      : undefined) ??
    anthropicResetMs(headers, now, rateLimited)
  );
}
