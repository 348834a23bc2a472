import { type AnswerOptions, streamError } from './answer.ts';

/** A stream of parts whose error parts and read failures carry the Agnes diagnosis. */
export function guardParts(stream: ReadableStream<unknown>, context: AnswerOptions): ReadableStream<unknown> {
  const reader = stream.getReader();
  return new ReadableStream<unknown>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        const part = value as { type?: unknown; error?: unknown };
        controller.enqueue(
          part?.type === 'error' ? { ...part, error: streamError(part.error, context) } : value,
        );
      } catch (error) {
        controller.error(streamError(error, context));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
