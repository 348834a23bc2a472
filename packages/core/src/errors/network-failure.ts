type Loose = Record<string, unknown> | undefined;

/**
 * Socket, DNS, TLS and HTTP-parser codes, and the clients' own codes for a request lost on the way
 * (a redirect loop included: the server's doing, not the caller's).
 */
const NETWORK_CODE =
  /^(ECONN[A-Z]+|ETIMEDOUT|ESOCKETTIMEDOUT|ENOTFOUND|EAI_[A-Z]+|EPIPE|EHOSTUNREACH|EHOSTDOWN|ENETUNREACH|ENETDOWN|ENETRESET|EPROTO|EADDRINUSE|EADDRNOTAVAIL|UND_ERR_[A-Z_]+|HPE_[A-Z_]+|ERR_NETWORK|ERR_SOCKET_[A-Z_]+|ERR_STREAM_PREMATURE_CLOSE|ERR_TLS_[A-Z_]+|ERR_SSL_[A-Z_]+|ERR_HTTP2_[A-Z_]+|ERR_HTTP_CONTENT_LENGTH_MISMATCH|ERR_FR_TOO_MANY_REDIRECTS|ERR_TOO_MANY_REDIRECTS|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/;

/**
 * What fetch implementations throw (a `TypeError`) when the network failed: undici, Chrome, Firefox,
 * Safari, Deno, Bun, Cloudflare Workers, cross-fetch (the list ky and `is-network-error` use).
 */
const FETCH_FAILED =
  /^(fetch failed|terminated|failed to fetch( \(.*\))?|networkerror when attempting to fetch resource\.?|network error|network request failed|network connection lost|load failed( \(.*\))?|the internet connection appears to be offline\.?|error sending request for url.*| a network error occurred\.)$/i;

/** Client error types that wrap the underlying failure: their cause, when they carry one, decides. */
const WRAPPERS: Readonly<Record<string, true>> = {
  NetworkError: true,
  APIConnectionError: true,
  AxiosError: true,
  RequestError: true,
  ReadError: true,
  FetchError: true,
};

/** Wrappers that only ever wrap a network failure, so one without a cause is one too. */
const NETWORK_TYPES: Readonly<Record<string, true>> = { NetworkError: true };

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function nameOf(value: Loose, error: object): string {
  const name = text(value?.name);
  if (name && name !== 'Error') return name;
  // The OpenAI SDK's classes keep the name "Error": read the class.
  return text((error as { constructor?: { name?: unknown } }).constructor?.name) || name;
}

/**
 * Whether an error is a network failure: the runtime's fetch failure (`TypeError: fetch failed`, its
 * cause carrying a socket or DNS code), a socket, DNS or TLS code (`ECONNRESET`, `ENOTFOUND`,
 * `UND_ERR_SOCKET`...), or a client's own network error type (axios `ERR_NETWORK`, got's request
 * errors with such a code, ky's `NetworkError`, the OpenAI SDK's `APIConnectionError`) around one.
 * Anything else a user's fetch, hook or code throws (`TypeError: Cannot read properties of
 * undefined`, a `RangeError`) is not, even when a client wrapped it. Timeouts and aborts are told
 * apart elsewhere (`abortOrTimeout`). Never throws.
 */
export function isNetworkFailure(error: unknown, depth = 0): boolean {
  try {
    if (typeof error !== 'object' || error === null || depth > 4) return false;
    const loose = error as Loose;
    if (NETWORK_CODE.test(text(loose?.code)) || NETWORK_CODE.test(text(loose?.errno))) return true;
    const name = nameOf(loose, error);
    if (name === 'TypeError' && FETCH_FAILED.test(text(loose?.message))) return true;
    const cause = loose?.cause;
    const hasCause = typeof cause === 'object' && cause !== null;
    if (WRAPPERS[name]) return hasCause ? isNetworkFailure(cause, depth + 1) : NETWORK_TYPES[name] === true;
    return hasCause && isNetworkFailure(cause, depth + 1);
  } catch {
    return false;
  }
}
