import type { AgnesErrorInfo } from '../types/failure.ts';
import { secretsOf } from '../util/known-secrets.ts';
import { redact, redactUrl, secretHeaderNames } from '../util/redact.ts';
import { attachAgnesInfo } from './get-info.ts';
import { inspectSymbol } from './inspect.ts';

/**
 * What an error keeps of a fetch `Response` or `Request` as its `cause`: the facts a reader needs
 * (status, URL, headers), with the URL's credentials, the secret headers and the key wherever a
 * server echoed it removed. A plain object: `util.inspect`, `JSON.stringify` and `String` show
 * nothing else.
 */
export interface RedactedHttpMessage {
  /** Which of the two it stands for. */
  readonly kind: 'response' | 'request';
  /** The HTTP status (a response). */
  readonly status?: number;
  /** The status text (a response). */
  readonly statusText?: string;
  /** The method (a request). */
  readonly method?: string;
  /** The URL, without key query parameters or userinfo. */
  readonly url: string;
  /** Every header but the secret ones, values redacted. */
  readonly headers: Readonly<Record<string, string>>;
}

interface HttpMessageLike {
  readonly url?: unknown;
  readonly status?: unknown;
  readonly statusText?: unknown;
  readonly method?: unknown;
  readonly headers: { forEach(callback: (value: string, name: string) => void): void };
}

/** A fetch `Response` or `Request` (of any realm or copy): the raw objects that hold headers and URL. */
function isHttpMessage(value: unknown): value is HttpMessageLike {
  if (typeof value !== 'object' || value === null || value instanceof Error) return false;
  const candidate = value as Partial<HttpMessageLike> & { status?: unknown; method?: unknown };
  return (
    typeof candidate.headers?.forEach === 'function' &&
    (typeof candidate.status === 'number' || typeof candidate.method === 'string')
  );
}

function redactedView(message: HttpMessageLike, secrets: readonly string[]): RedactedHttpMessage {
  const headers: Record<string, string> = {};
  try {
    message.headers.forEach((value, name) => {
      if (!secretHeaderNames.has(name.toLowerCase())) headers[name] = redact(String(value), secrets);
    });
  } catch {
    // Headers that cannot be read: none shown.
  }
  const url = typeof message.url === 'string' ? redact(redactUrl(message.url), secrets) : '';
  const view: RedactedHttpMessage =
    typeof message.status === 'number'
      ? {
          kind: 'response',
          status: message.status,
          statusText: typeof message.statusText === 'string' ? redact(message.statusText, secrets) : '',
          url,
          headers,
        }
      : { kind: 'request', method: String(message.method).slice(0, 20), url, headers };
  const info = (message as { agnes?: AgnesErrorInfo }).agnes;
  if (info) attachAgnesInfo(view, info);
  return view;
}

/** A client's error deeper in the chain that we did not decorate: shown by name, code and redacted message. */
function quietError(error: Error, secrets: readonly string[]): void {
  const message = redact(String(error.message), secrets);
  const code = (error as { code?: unknown }).code;
  const summary = `${error.name}: ${message}${typeof code === 'string' || typeof code === 'number' ? ` (${code})` : ''}`;
  Object.defineProperty(error, 'message', { value: message, configurable: true, writable: true });
  if (typeof error.stack === 'string')
    Object.defineProperty(error, 'stack', {
      value: redact(error.stack, secrets),
      configurable: true,
      writable: true,
    });
  Object.defineProperty(error, inspectSymbol, { value: () => summary, configurable: true, writable: true });
  Object.defineProperty(error, 'toJSON', {
    value: () => ({ name: error.name, message, code: typeof code === 'number' ? code : undefined }),
    configurable: true,
    writable: true,
  });
}

/** What may stand as a cause: a raw `Response` or `Request` becomes its redacted view. */
export function safeCause(cause: unknown, info: AgnesErrorInfo): unknown {
  return isHttpMessage(cause) ? redactedView(cause, secretsOf(info)) : cause;
}

/**
 * Makes everything reachable through `error.cause` safe to print: a raw `Response` or `Request`
 * is replaced by its redacted view, and a client error we did not decorate gets a redacted
 * message, stack, inspect output and JSON. Bounded (8 links, no cycles); never throws.
 */
export function redactCauseChain(error: unknown, info: AgnesErrorInfo): void {
  const secrets = secretsOf(info);
  const seen = new Set<unknown>();
  let link: unknown = error;
  for (let depth = 0; depth < 8 && link instanceof Error && !seen.has(link); depth += 1) {
    seen.add(link);
    try {
      const cause: unknown = (link as { cause?: unknown }).cause;
      if (isHttpMessage(cause)) {
        Object.defineProperty(link, 'cause', {
          value: redactedView(cause, secrets),
          configurable: true,
          writable: true,
        });
        return;
      }
      if (cause instanceof Error && (cause as { agnes?: unknown }).agnes === undefined)
        quietError(cause, secrets);
      link = cause;
    } catch {
      // A frozen or exotic error: left as it is.
      return;
    }
  }
}
