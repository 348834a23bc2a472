/**
 * A response whose streamed body reports a failure mid-stream through `onError`: the error the
 * reader gets is what `onError` returns (the same error, decorated). Only web streams are guarded;
 * anything else is returned as it is.
 */
export function guardStreamedBody(response: Response, onError: (error: unknown) => unknown): Response {
  const body = response.body;
  if (!body || typeof body.getReader !== 'function') return response;
  const reader = body.getReader();
  const guarded = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(onError(error));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const wrapped = new Response(guarded, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(wrapped, 'url', { value: response.url });
  return wrapped;
}

/** Whether a response is a stream of server-sent events (a streamed chat answer). */
export function isEventStream(response: Response): boolean {
  return response.headers.get('content-type')?.includes('text/event-stream') === true;
}
