import type { AgnesCall } from '../call/call.ts';
import type { AgnesController } from '../call/controller.ts';
import type { AgnesErrorInfo, AgnesFailure } from '../types/failure.ts';
import { isBodyDeadlineError } from './body-deadline.ts';
import { finalError } from './final-error.ts';
import { guardBodyInPlace } from './guard-body-in-place.ts';

/**
 * The same response, whose streamed body reports a failure mid-stream through `onError`: the error
 * the reader gets is what `onError` returns (the same error, decorated). Only web streams are
 * guarded; anything else is returned as it is.
 */
function guardStreamedBody(response: Response, onError: (error: unknown) => unknown): Response {
  const body = response.body;
  if (!body || typeof body.getReader !== 'function') return response;
  return guardBodyInPlace(response, body, onError);
}

/** Whether a response is a stream of server-sent events (a streamed chat answer). */
function isEventStream(response: Response): boolean {
  return response.headers.get('content-type')?.includes('text/event-stream') === true;
}

/**
 * For a stream of server-sent events: a response whose reader, when the connection drops
 * mid-stream, gets its own error with the diagnosis (`stream_interrupted`, never replayed) and the
 * call's `onGiveUp`. `describe` reads the client's error into failure data. Any other response, or
 * the caller's own abort, is left as it is.
 */
export function guardEventStream(
  response: Response,
  call: AgnesCall,
  describe: (error: unknown) => AgnesFailure,
): Response {
  if (!isEventStream(response)) return response;
  return guardStreamedBody(response, (error) => {
    if (call.signal?.aborted || isBodyDeadlineError(error)) return error;
    const info = call.classify({ ...describe(error), condition: 'stream' });
    return finalError(error, call.stop(info), call.options);
  });
}

/**
 * The final diagnosis of a failure reported after a stream had started, for adapters that see it
 * only as their framework hands it on: from the provider's error event (`event`, the `error`
 * object of the SSE payload) when there is one, else from the error's message. Never replayed; the
 * call's `onGiveUp` is emitted.
 */
export function streamFailureInfo(
  controller: AgnesController,
  event: unknown,
  error: unknown,
): AgnesErrorInfo {
  const failure: AgnesFailure =
    typeof event === 'object' && event !== null
      ? { condition: 'stream', method: 'POST', responseBody: { error: event } }
      : {
          condition: 'stream',
          method: 'POST',
          errorMessage: error instanceof Error ? error.message : String(error),
        };
  return controller.streamFailed(failure);
}
