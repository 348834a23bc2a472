import { formatAgnesMessage } from '../messages/format.ts';
import type { AgnesErrorInfo } from '../types/failure.ts';
import { secretsOf } from '../util/known-secrets.ts';
import { redact } from '../util/redact.ts';
import { attachAgnesInfo } from './get-info.ts';
import { inspectSummary, inspectSymbol } from './inspect.ts';

/** The host error's own JSON, keeping only plain values: its config, request and response objects hold headers. */
function plainFields(error: Error, hostToJSON: unknown, secrets: readonly string[]): Record<string, unknown> {
  let original: unknown;
  try {
    original = typeof hostToJSON === 'function' ? hostToJSON.call(error) : undefined;
  } catch {
    original = undefined;
  }
  if (typeof original !== 'object' || original === null) return {};
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(original)) {
    if (typeof value === 'string') fields[name] = redact(value, secrets);
    else if (typeof value === 'number' || typeof value === 'boolean') fields[name] = value;
  }
  return fields;
}

/** The host error's code (a provider may have put anything in it), redacted. */
function primitiveCode(error: Error, secrets: readonly string[]): string | number | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number') return code;
  return typeof code === 'string' ? redact(code, secrets) : undefined;
}

/**
 * Gives a client's own error (AxiosError, ky's HTTPError, got's RequestError...) the Agnes
 * diagnosis and message while keeping its type and properties for existing code. Its message and
 * the first line of its stack become the Agnes message; its `toJSON` and Node inspect output become
 * credential-free (clients keep request headers, and so the key, on their errors: `toJSON` keeps
 * only the host's plain values, never its config or request objects). Throws if the error is frozen.
 */
export function decorateError<E extends Error>(
  error: E,
  info: AgnesErrorInfo,
): E & { agnes: AgnesErrorInfo } {
  const message = formatAgnesMessage(info);
  const secrets = secretsOf(info);
  const previous = error.message;
  // defineProperty, not assignment: some errors (DOMException) have a getter-only message.
  Object.defineProperty(error, 'message', { value: message, configurable: true, writable: true });
  // The stack repeats the old message (which may quote the provider, and so the key).
  const stack = error.stack;
  if (typeof stack === 'string') {
    // Only the first occurrence: the heading line (frames may contain the same words).
    const rewritten = previous ? stack.replace(previous, () => message) : stack;
    Object.defineProperty(error, 'stack', {
      value: redact(rewritten, secrets),
      configurable: true,
      writable: true,
    });
  }
  attachAgnesInfo(error, info);
  const hostToJSON = (error as { toJSON?: unknown }).toJSON;
  Object.defineProperty(error, 'toJSON', {
    configurable: true,
    writable: true,
    value: () => ({
      ...plainFields(error, hostToJSON, secrets),
      name: error.name,
      message: error.message,
      code: primitiveCode(error, secrets),
      agnes: { ...info, entry: undefined },
    }),
  });
  Object.defineProperty(error, inspectSymbol, {
    configurable: true,
    writable: true,
    value: () => inspectSummary(error, info),
  });
  return error as E & { agnes: AgnesErrorInfo };
}
