import type { HandlerFunction } from 'got';

/** The code of the error an error body is cut with once it passes `maxErrorBodyBytes`. */
export const errorBodyCappedCode = 'ERR_AGNES_ERROR_BODY_CAPPED';

/** The prefix of an error body that was cut, carried by the error it was cut with. */
const prefixKey: unique symbol = Symbol('agnes-errors.got.error-body-prefix');

interface NativeResponse {
  readonly statusCode?: number;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  destroy(error: Error): unknown;
}

interface NativeRequest {
  once(event: 'response', listener: (response: NativeResponse) => void): unknown;
}

interface EventSource {
  on?: (event: string, listener: (value: never) => void) => unknown;
}

/**
 * got reads a whole error body into memory before any hook sees it (a 50 MB body: +120 MB per
 * attempt). This handler watches each attempt's native response: for an error status it keeps
 * the first `maxBytes` bytes and, past them, destroys the response with an error that carries
 * them, so got stops reading. got then fails the attempt with a `ReadError` that still has the
 * response (status, headers), and {@link cappedErrorBody} gives the classifier the prefix read.
 * Success bodies are not watched.
 */
export function capErrorBodies(maxBytesOf: () => number): HandlerFunction {
  return (options, next) => {
    const result = next(options);
    const events = result as unknown as EventSource;
    events.on?.('request', (request: NativeRequest) => {
      request.once('response', (response) => {
        if ((response.statusCode ?? 0) < 400) return;
        const maxBytes = maxBytesOf();
        const chunks: Uint8Array[] = [];
        let size = 0;
        // A 'data' listener beside got's 'readable' one receives the chunks got reads; it reads none itself.
        response.on('data', (chunk) => {
          if (size > maxBytes) return;
          const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
          chunks.push(bytes.subarray(0, Math.max(0, maxBytes - size)));
          size += bytes.byteLength;
          if (size <= maxBytes) return;
          const prefix = new Uint8Array(maxBytes);
          let offset = 0;
          for (const part of chunks) {
            prefix.set(part, offset);
            offset += part.byteLength;
          }
          const error = Object.assign(
            new Error(`The error body passed maxErrorBodyBytes (${maxBytes} bytes); the rest was not read.`),
            { code: errorBodyCappedCode },
          );
          Object.defineProperty(error, prefixKey, { value: prefix });
          response.destroy(error);
        });
      });
    });
    return result;
  };
}

/** The prefix of an error body cut by {@link capErrorBodies}, from the got error that followed. */
export function cappedErrorBody(error: unknown): Uint8Array | undefined {
  const cause = (error as { cause?: Record<symbol, unknown> } | null)?.cause;
  const prefix = cause?.[prefixKey];
  return prefix instanceof Uint8Array ? prefix : undefined;
}
