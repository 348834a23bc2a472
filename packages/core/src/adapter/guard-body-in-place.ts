/** The body-reading methods of a `Response` (and `Body`), answered from the guarded stream. */
const readers = ['text', 'json', 'arrayBuffer', 'blob', 'bytes', 'formData'] as const;

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
  let disturbed = false;
  // High-water mark 0: nothing is pulled from the network before someone reads (as with the original).
  let current: ReadableStream<Uint8Array> = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        disturbed = true;
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(onError(error));
        }
      },
      cancel: (reason) => {
        disturbed = true;
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  const own = (name: string, value: unknown): void => {
    Object.defineProperty(response, name, { value, configurable: true, writable: true });
  };
  const init = (): ResponseInit => ({
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(response, 'body', { get: () => current, configurable: true });
  Object.defineProperty(response, 'bodyUsed', {
    get: () => disturbed || current.locked,
    configurable: true,
  });
  for (const method of readers) {
    own(method, async () => {
      if (disturbed || current.locked) throw new TypeError('Body is unusable: Body has already been read');
      const reading = new Response(current, init());
      return (reading[method] as () => Promise<unknown>).call(reading);
    });
  }
  own('clone', () => {
    if (disturbed || current.locked) throw new TypeError('Response.clone: Body has already been consumed.');
    const [kept, copy] = current.tee();
    current = kept;
    const clone = new Response(copy, init());
    for (const name of ['url', 'redirected', 'type'] as const)
      Object.defineProperty(clone, name, { value: response[name], configurable: true });
    return clone;
  });
  return response;
}
