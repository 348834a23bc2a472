import { endpointOf } from '../types/endpoint.ts';
import type { PreflightRequest } from '../types/preflight.ts';
import { toHeaderMap } from '../util/headers.ts';
import { isStreamBody } from '../util/stream-body.ts';

/** What preflight reads of a body: its JSON object, or the fact that it does not parse. */
export interface BodyView {
  readonly json: Readonly<Record<string, unknown>> | undefined;
  /** The body looked like JSON (its Content-Type or its first character) but does not parse. */
  readonly invalidJson: boolean;
  /** The body as text, when it was text or bytes (for the data-URL scan). */
  readonly text: string | undefined;
}

/** Bodies up to this many characters are parsed (about 90 µs at most); larger ones only scanned. */
const maxParsedChars: number = 128 * 1024;

const noBody: BodyView = { json: undefined, invalidJson: false, text: undefined };

/** Scheme and authority of an absolute URL, cut off to leave the path. */
const ORIGIN = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i;

/** The path of a URL without building a `URL` (the success path pays for nothing it does not need). */
function pathOf(url: string | URL | undefined): string | undefined {
  if (url === undefined) return undefined;
  // Real URLs are short; a hostile one is read no further than this (its endpoint is then unknown).
  const text = (typeof url === 'string' ? url : url.pathname).slice(0, 8192);
  const withoutOrigin = typeof url === 'string' ? text.replace(ORIGIN, '') : text;
  const end = withoutOrigin.search(/[?#]/);
  return end < 0 ? withoutOrigin : withoutOrigin.slice(0, end);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function readBody(body: unknown, contentType: string | undefined): BodyView {
  if (body === undefined || body === null) return noBody;
  if (isPlainObject(body)) return { json: body, invalidJson: false, text: undefined };
  let text: string | undefined;
  // Bytes are decoded only when small: decoding costs as much as parsing.
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array && body.byteLength <= maxParsedChars)
    text = new TextDecoder().decode(body);
  else if (body instanceof ArrayBuffer && body.byteLength <= maxParsedChars)
    text = new TextDecoder().decode(new Uint8Array(body));
  // FormData, URLSearchParams, Blob, streams: not JSON, never read (a stream can be read only once).
  if (text === undefined || isStreamBody(body)) return noBody;
  // A large body is not parsed: that would cost more than the request's round trip is worth saving
  // here (0.7 ms per MB). Its parameter rules are left to the server; its data URLs are still checked.
  if (text.length > maxParsedChars) return { json: undefined, invalidJson: false, text };
  const first = text.trimStart()[0];
  const looksJson = contentType === undefined ? first === '{' : /\bjson\b/i.test(contentType);
  if (!looksJson || first === undefined) return { json: undefined, invalidJson: false, text };
  try {
    const parsed: unknown = JSON.parse(text);
    // The endpoints the rules know take a JSON object: a JSON string or array is no request body
    // either (axios sends a string that does not parse as a JSON string literal).
    return isPlainObject(parsed)
      ? { json: parsed, invalidJson: false, text }
      : { json: undefined, invalidJson: true, text };
  } catch {
    return { json: undefined, invalidJson: true, text };
  }
}

/**
 * The request as the rules see it, read lazily: the path at once (it decides which rules apply),
 * headers and body only when a rule asks, each at most once.
 */
export class RequestView {
  readonly method: string;
  readonly path: string | undefined;
  readonly kind: ReturnType<typeof endpointOf>['kind'];
  readonly expectedMethod: string | undefined;
  readonly #request: PreflightRequest;
  #headers: Map<string, string> | undefined;
  #body: BodyView | undefined;

  constructor(request: PreflightRequest) {
    this.#request = request;
    this.method = (request.method ?? 'GET').toUpperCase();
    this.path = pathOf(request.url);
    const endpoint = endpointOf(this.path);
    this.kind = endpoint.kind;
    this.expectedMethod = endpoint.expectedMethod;
  }

  get headers(): Map<string, string> {
    this.#headers ??= toHeaderMap(this.#request.headers);
    return this.#headers;
  }

  /**
   * Total header size as a server counts it (name, value, ": " and CRLF per header), from the
   * headers as given (the header map cuts long values, which is right for a diagnosis, not here).
   */
  get headerBytes(): number {
    let total = 0;
    const add = (name: unknown, value: unknown): void => {
      if (typeof name !== 'string' || value === undefined || value === null) return;
      total += name.length + (Array.isArray(value) ? value.join(', ') : String(value)).length + 4;
    };
    const headers = this.#request.headers as unknown;
    try {
      if (typeof headers !== 'object' || headers === null) return 0;
      if (typeof (headers as Headers).forEach === 'function' && !Array.isArray(headers)) {
        (headers as Headers).forEach((value, name) => {
          add(name, value);
        });
      } else if (Symbol.iterator in headers) {
        for (const pair of headers as Iterable<unknown>) {
          if (Array.isArray(pair)) add(pair[0], pair[1]);
        }
      } else {
        for (const [name, value] of Object.entries(headers)) add(name, value);
      }
    } catch {
      // Unreadable headers: nothing to count.
    }
    return total;
  }

  get body(): BodyView {
    this.#body ??= readBody(this.#request.body, this.headers.get('content-type'));
    return this.#body;
  }

  /** The body as sent, for the diagnosis of a refusal (never a stream). */
  get rawBody(): unknown {
    const body = this.#request.body;
    return isStreamBody(body) ? undefined : body;
  }
}
