/** The budgets Anthropic reports, each as `anthropic-ratelimit-<kind>-limit`, `-remaining` and `-reset`. */
const kinds = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

/**
 * How long until the exhausted Anthropic budget refills, in ms, from `anthropic-ratelimit-*-reset`
 * (an RFC 3339 time): the latest reset among the budgets whose `-remaining` is 0, or on a rate-limit
 * 429 that names none, the requests budget's. `undefined` when no such header applies.
 */
export function anthropicResetMs(
  headers: ReadonlyMap<string, string>,
  now: number,
  rateLimited: boolean,
): number | undefined {
  const exhausted = kinds.filter(
    (kind) => headers.get(`anthropic-ratelimit-${kind}-remaining`)?.trim() === '0',
  );
  const read = rateLimited && exhausted.length === 0 ? (['requests'] as const) : exhausted;
  let latest: number | undefined;
  for (const kind of read) {
    const text = headers.get(`anthropic-ratelimit-${kind}-reset`)?.trim();
    // Only a date with a time: a bare number would be read as a year.
    const time = text && /^\d{4}-\d\d-\d\dT/.test(text) ? Date.parse(text) : Number.NaN;
    if (!Number.isNaN(time)) latest = Math.max(latest ?? 0, Math.ceil(Math.max(0, time - now)));
  }
  return latest;
}
