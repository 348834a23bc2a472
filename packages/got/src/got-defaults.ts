import { Options, type RetryObject } from 'got';

interface RetrySettings {
  readonly limit: number;
  readonly methods: readonly string[];
  readonly statusCodes: readonly number[];
  readonly errorCodes: readonly string[];
  readonly maxRetryAfter?: number | undefined;
  readonly backoffLimit: number;
  readonly noise: number;
}

let defaultSettings: RetrySettings | undefined;

/** The retry settings of this got major (`new Options()`), read once. */
function gotDefaults(): RetrySettings {
  defaultSettings ??= new Options().retry as unknown as RetrySettings;
  return defaultSettings;
}

/**
 * The retries the caller's own settings allow this request, when stricter than ours: got merges a
 * per-request `retry` over the adapter's, so a `limit` or `methods` that differs from ours is the
 * caller's. `undefined` when the caller set neither.
 */
export function callerRetries(
  merged: { readonly limit?: unknown; readonly methods?: unknown } | undefined,
  ours: { readonly limit: number; readonly methods: readonly string[] },
  method: string,
): number | undefined {
  const limit = merged?.limit;
  const methods = merged?.methods;
  if (Array.isArray(methods) && !sameSetting(methods, ours.methods) && !methods.includes(method)) return 0;
  return typeof limit === 'number' && limit !== ours.limit ? limit : undefined;
}

function sameSetting(value: unknown, ours: unknown): boolean {
  if (Array.isArray(value) && Array.isArray(ours))
    return value.length === ours.length && value.every((item, index) => item === ours[index]);
  return value === ours;
}

/**
 * The delay got itself would choose for a request outside the Agnes scope, with its own default retry
 * settings (the adapter's wider ones are merged into the instance): got's `calculateRetryDelay`, as got
 * 14 to 16 write it. 0 means no retry.
 */
export function gotOwnDelay(
  { attemptCount, error, retryAfter, retryOptions }: RetryObject,
  ours: Partial<RetrySettings>,
): number {
  const merged = retryOptions as unknown as RetrySettings;
  const defaults = gotDefaults();
  // A setting that differs from ours is the caller's own (per request or given after ours): it applies.
  const own = <Key extends keyof RetrySettings>(key: Key): RetrySettings[Key] =>
    merged[key] === undefined || sameSetting(merged[key], ours[key]) ? defaults[key] : merged[key];
  const retry: RetrySettings = {
    limit: own('limit'),
    methods: own('methods'),
    statusCodes: own('statusCodes'),
    errorCodes: own('errorCodes'),
    maxRetryAfter: own('maxRetryAfter'),
    backoffLimit: own('backoffLimit'),
    noise: own('noise'),
  };
  const options = error.options as { method?: string; timeout?: { request?: number } } | undefined;
  if (error.name === 'RetryError') return 1;
  if (attemptCount > retry.limit) return 0;
  const hasMethod = retry.methods.includes(options?.method ?? 'GET');
  const hasErrorCode = retry.errorCodes.includes(error.code);
  const status = error.response?.statusCode;
  const hasStatusCode = status !== undefined && retry.statusCodes.includes(status);
  if (!hasMethod || (!hasErrorCode && !hasStatusCode)) return 0;
  if (error.response) {
    // got 16 (the major that added QUERY) takes `Retry-After: 0` as an immediate retry; 14 and 15 back off.
    if (retryAfter !== undefined && (retryAfter > 0 || defaults.methods.includes('QUERY'))) {
      const maxRetryAfter = retry.maxRetryAfter ?? options?.timeout?.request ?? Number.POSITIVE_INFINITY;
      return retryAfter > maxRetryAfter ? 0 : Math.max(1, retryAfter);
    }
    if (status === 413) return 0;
  }
  const noise = Math.random() * retry.noise;
  return Math.max(1, Math.min(2 ** (attemptCount - 1) * 1000, retry.backoffLimit) + noise);
}
