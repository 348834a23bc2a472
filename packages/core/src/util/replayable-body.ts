/**
 * Whether a request body can be sent twice: anything but a stream (a web `ReadableStream`, a Node
 * stream). Strings, bytes, `FormData`, `Blob`, `URLSearchParams` and plain objects can.
 */
export function isReplayableBody(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return true;
  const candidate = body as { pipe?: unknown; getReader?: unknown };
  return typeof candidate.pipe !== 'function' && typeof candidate.getReader !== 'function';
}
