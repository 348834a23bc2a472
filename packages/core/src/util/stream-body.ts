/**
 * Whether a body is a stream (a web `ReadableStream`, a Node stream): it can be read only once, so
 * a request with it is never sent twice, and neither it nor a response body of this kind is read
 * for a diagnosis. Strings, bytes, `FormData`, `Blob`, `URLSearchParams` and plain objects are not.
 */
export function isStreamBody(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  const candidate = body as { pipe?: unknown; getReader?: unknown };
  return typeof candidate.pipe === 'function' || typeof candidate.getReader === 'function';
}

/**
 * Whether a request body can be sent twice (anything but a stream).
 * @deprecated Use `!isStreamBody(body)`: the name said "replay", which is our word for resending a
 * POST, while the check is only whether the body is a stream. Removed in the next minor version.
 */
export function isReplayableBody(body: unknown): boolean {
  return !isStreamBody(body);
}
