/** ky's retry settings as hooks and `HTTPError.options` show them (normalized, merged). */
export interface KyRetrySettings {
  readonly limit?: number;
  readonly methods?: readonly string[];
  readonly statusCodes?: readonly number[];
  readonly afterStatusCodes?: readonly number[];
  readonly maxRetryAfter?: number | null | undefined;
  readonly backoffLimit?: number | null | undefined;
  readonly retryOnTimeout?: boolean;
}

/** ky's defaults (1.x and 2.x), for what the adapter's own settings hide: `limit` and `methods`. */
const kyDefaults = {
  limit: 2,
  methods: ['get', 'put', 'head', 'delete', 'options', 'trace'],
  statusCodes: [408, 413, 429, 500, 502, 503, 504],
  afterStatusCodes: [413, 429, 503],
} as const;

/**
 * The part of a merged `methods` list that is not the adapter's: ky concatenates arrays, so a
 * per-request `retry.methods` arrives as ours plus the caller's. `undefined` when the caller gave none.
 */
export function callerMethods(
  merged: readonly string[] | undefined,
  ours: readonly string[],
): string[] | undefined {
  if (!merged) return undefined;
  const start = merged.findIndex((_, index) =>
    ours.every((method, offset) => merged[index + offset] === method),
  );
  if (start < 0) return [...merged];
  const rest = [...merged.slice(0, start), ...merged.slice(start + ours.length)];
  return rest.length > 0 ? rest : undefined;
}

function retryAfterMs(headers: Headers): number | undefined {
  const value =
    headers.get('retry-after') ?? headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-reset');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * For a request outside the Agnes scope: what ky would decide without the adapter, with ky's default
 * limit and methods and the caller's other settings (status codes, Retry-After, timeouts): `false`,
 * or ky's own wait (`0.3 s × 2^(n-1)`, or Retry-After) before the retry, in ms.
 */
export function kyOwnRetry(
  error: Error,
  retryCount: number,
  method: string,
  settings: KyRetrySettings | undefined,
  isNetworkError: boolean,
): number | false {
  if (retryCount > kyDefaults.limit) return false;
  if (!kyDefaults.methods.includes(method.toLowerCase() as never)) return false;
  const backoffLimit = settings?.backoffLimit ?? Number.POSITIVE_INFINITY;
  const backoff = (): number => Math.min(backoffLimit, 0.3 * 2 ** (retryCount - 1) * 1000);
  let delayMs: number;
  const response = (error as { response?: Response }).response;
  if (error.name === 'TimeoutError') {
    if (!settings?.retryOnTimeout) return false;
    delayMs = backoff();
  } else if (response) {
    const statusCodes = settings?.statusCodes ?? kyDefaults.statusCodes;
    if (!statusCodes.includes(response.status)) return false;
    const after = retryAfterMs(response.headers);
    const afterStatusCodes = settings?.afterStatusCodes ?? kyDefaults.afterStatusCodes;
    if (after !== undefined && afterStatusCodes.includes(response.status))
      delayMs = Math.min(settings?.maxRetryAfter ?? Number.POSITIVE_INFINITY, after);
    else if (response.status === 413) return false;
    else delayMs = backoff();
  } else if (isNetworkError) delayMs = backoff();
  else return false;
  return delayMs;
}
