/** The body-reading methods of a `Response` (and `Body`), answered from the guarded stream. */
const readers = ['text', 'json', 'arrayBuffer', 'blob', 'bytes', 'formData'] as const;

/** A stream that reads `source` only when read itself, and says whether it has been (`disturbed`). */
function watched(
  read: () => Promise<ReadableStreamReadResult<Uint8Array>>,
  cancel: (reason: unknown) => Promise<void>,
  onError: (error: unknown) => unknown,
): { readonly stream: ReadableStream<Uint8Array>; readonly disturbed: () => boolean } {
  let disturbed = false;
  // High-water mark 0: nothing is pulled from the network before someone reads (as with the original).
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        disturbed = true;
        try {
          const { done, value } = await read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(onError(error));
        }
      },
      cancel: (reason) => {
        disturbed = true;
        return cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, disturbed: () => disturbed };
}

/**
 * Installs a guarded copy of `body` on the response object itself: the caller and every hook of the
 * client keep the very `Response` the runtime built (its `url`, `redirected`, `type`, `status`,
 * headers, `instanceof Response`), and only the bytes pass through `onError`'s watch. `body`,
 * `bodyUsed`, the reading methods and `clone()` become own properties that read the guarded stream,
 * as the runtime's would (a second read is refused, a clone tees the stream). Writable, so a client
 * that decorates `json` (ky's `parseJson`) still can.
 */
export function guardBodyInPlace(
  response: Response,
  body: ReadableStream<Uint8Array>,
  onError: (error: unknown) => unknown,
): Response {
  const reader = body.getReader();
  let current = watched(
    () => reader.read(),
    (reason) => reader.cancel(reason),
    onError,
  );
  const used = (): boolean => current.disturbed() || current.stream.locked;
  const own = (name: string, value: unknown): void => {
    Object.defineProperty(response, name, { value, configurable: true, writable: true });
  };
  const init = (): ResponseInit => ({
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(response, 'body', { get: () => current.stream, configurable: true });
  Object.defineProperty(response, 'bodyUsed', { get: used, configurable: true });
  for (const method of readers) {
    own(method, async () => {
      if (used()) throw new TypeError('Body is unusable: Body has already been read');
      const reading = new Response(current.stream, init());
      return (reading[method] as () => Promise<unknown>).call(reading);
    });
  }
  own('clone', () => {
    if (used()) throw new TypeError('Response.clone: Body has already been consumed.');
    // The original keeps a fresh watched branch: reading the clone does not make it "used".
    const [kept, copy] = current.stream.tee();
    const keptReader = kept.getReader();
    current = watched(
      () => keptReader.read(),
      (reason) => keptReader.cancel(reason),
      (error) => error,
    );
    const clone = new Response(copy, init());
    for (const name of ['url', 'redirected', 'type'] as const)
      Object.defineProperty(clone, name, { value: response[name], configurable: true });
    return clone;
  });
  return response;
}
