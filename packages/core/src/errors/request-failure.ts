type Loose = Record<string, unknown> | undefined;

/**
 * Error names (and class names) of the clients' request failures: axios, ky, got, node-fetch, fetch
 * and DOMException, the OpenAI SDK (whose errors are named "Error": their classes are read too), the
 * Vercel AI SDK, and ours.
 */
const FAILURE_NAME =
  /^(AxiosError|CanceledError|HTTPError|RequestError|TimeoutError|ReadError|ParseError|MaxRedirectsError|UploadError|FetchError|NetworkError|AbortError|API(Connection|ConnectionTimeout|UserAbort)?Error|(Authentication|BadRequest|RateLimit|InternalServer|NotFound|PermissionDenied|Conflict|UnprocessableEntity)Error|AI_APICallError|AgnesError)$/;

/** System and client codes of a request that failed on the way (not file or argument errors). */
const NETWORK_CODE =
  /^(ECONN[A-Z]+|ETIMEDOUT|ESOCKETTIMEDOUT|ENOTFOUND|EAI_[A-Z]+|EPIPE|EHOSTUNREACH|EHOSTDOWN|ENETUNREACH|ENETDOWN|ENETRESET|EPROTO|UND_ERR_[A-Z_]+|HPE_[A-Z_]+|ABORT_ERR|ERR_(CANCELED|ABORTED|SOCKET_[A-Z_]+|STREAM_PREMATURE_CLOSE|TLS_[A-Z_]+|HTTP2_[A-Z_]+|FR_TOO_MANY_REDIRECTS|TOO_MANY_REDIRECTS|NETWORK|BAD_RESPONSE|BAD_REQUEST|GOT_REQUEST_ERROR|NON_2XX_3XX_RESPONSE|BODY_PARSE_FAILURE|HTTP_CONTENT_LENGTH_MISMATCH))$/;

/** What fetch implementations say when the network failed (undici, browsers, Safari). */
const FETCH_FAILED =
  /^(fetch failed|terminated|failed to fetch|networkerror when attempting to fetch resource\.?|load failed|network error)$/i;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function httpStatus(value: Loose): number | undefined {
  const response = value?.response as Loose;
  return [value?.status, value?.statusCode, response?.status, response?.statusCode].find(
    (candidate): candidate is number => typeof candidate === 'number' && Number.isInteger(candidate),
  );
}

/**
 * Whether a value is a failed HTTP request of a known client, or a failed response: an error status,
 * a client's request error type, a network error code, or fetch's network failure. A `RangeError`,
 * a plain object or a `SyntaxError` from parsing a 200 are not.
 */
export function isRequestFailure(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const loose = value as Loose;
  const status = httpStatus(loose);
  if (status !== undefined && status >= 400) return true;
  // A success status with an error around it (a truncated or unparsable body) is still a failure.
  const className = (value as { constructor?: { name?: unknown } }).constructor?.name;
  if (FAILURE_NAME.test(text(loose?.name)) || FAILURE_NAME.test(text(className))) return true;
  if (NETWORK_CODE.test(text(loose?.code))) return true;
  if (value instanceof TypeError && FETCH_FAILED.test(value.message)) return true;
  return false;
}

/**
 * The errors inside an error, nearest first: its `cause`, the `lastError` and `errors` of retry
 * wrappers (the AI SDK's RetryError, AggregateError). Bounded in depth and count; cycles end it.
 */
export function* causeChain(value: unknown, maxDepth = 5): Generator<unknown> {
  const seen = new Set<unknown>();
  let level: unknown[] = [value];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth += 1) {
    const next: unknown[] = [];
    for (const item of level) {
      if (typeof item !== 'object' || item === null || seen.has(item)) continue;
      seen.add(item);
      yield item;
      const loose = item as Loose;
      const errors = Array.isArray(loose?.errors)
        ? [...(loose.errors as unknown[])].reverse().slice(0, 5)
        : [];
      next.push(loose?.lastError, ...errors, loose?.cause);
    }
    level = next;
  }
}
