/** A positive whole number, or `undefined`. */
function count(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,9}$/.test(text.trim())) return undefined;
  const value = Number(text.trim());
  return value >= 1 ? value : undefined;
}

/**
 * The request limit a server announces, from the headers servers use: OpenAI's
 * `x-ratelimit-limit-requests`, `X-RateLimit-Limit`, `RateLimit-Limit`, IETF `RateLimit-Policy`
 * (`20;w=60`, `"default";q=20;w=60`) and `RateLimit` (`limit=20, remaining=0`). Nonsense is
 * ignored; `undefined` when none applies. Anthropic's `anthropic-ratelimit-requests-limit` too (its
 * token budgets are not requests, so they do not set the pace).
 */
export function limitFromHeaders(headers: ReadonlyMap<string, string>): number | undefined {
  const policy = headers.get('ratelimit-policy');
  const combined = headers.get('ratelimit');
  return (
    count(headers.get('x-ratelimit-limit-requests')) ??
    count(headers.get('anthropic-ratelimit-requests-limit')) ??
    count(headers.get('x-ratelimit-limit')?.split(/[,;]/)[0]) ??
    count(headers.get('ratelimit-limit')?.split(/[,;]/)[0]) ??
    count(
      policy === undefined ? undefined : (/(?:^|;)\s*q=(\d+)/.exec(policy)?.[1] ?? policy.split(/[,;]/)[0]),
    ) ??
    count(combined === undefined ? undefined : /(?:^|[;,\s])limit=(\d+)/.exec(combined)?.[1])
  );
}
