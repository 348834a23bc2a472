/** Error names and codes clients use for the caller's abort. */
const abortNames: Readonly<Record<string, true>> = {
  AbortError: true,
  CanceledError: true,
  APIUserAbortError: true,
  ERR_CANCELED: true,
  ERR_ABORTED: true,
  ABORT_ERR: true,
};

/** Error names and codes clients use for their own per-attempt timeout. */
const timeoutNames: Readonly<Record<string, true>> = {
  TimeoutError: true,
  APIConnectionTimeoutError: true,
  ETIMEDOUT: true,
  // axios: "timeout of N ms exceeded".
  ECONNABORTED: true,
};

function textOf(value: unknown, key: 'name' | 'code'): string {
  try {
    const text = (value as Record<string, unknown> | null | undefined)?.[key];
    return typeof text === 'string' ? text : '';
  } catch {
    return '';
  }
}

/**
 * Whether a client error without a response is the caller's abort or a client timeout, from the
 * names and codes of fetch (`AbortError`, `TimeoutError`), axios (`CanceledError`, `ERR_CANCELED`,
 * `ECONNABORTED`), ky, got (`ERR_ABORTED`) and the OpenAI SDK (`APIUserAbortError`,
 * `APIConnectionTimeoutError`). `undefined` for anything else (a network failure). Never throws.
 */
export function abortOrTimeout(error: unknown): 'abort' | 'timeout' | undefined {
  const name = textOf(error, 'name');
  const code = textOf(error, 'code');
  if (abortNames[name] || abortNames[code]) return 'abort';
  if (timeoutNames[name] || timeoutNames[code]) return 'timeout';
  return undefined;
}
