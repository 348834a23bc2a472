import type { AttemptSignal } from '../call/attempt-signal.ts';
import type { AgnesCall } from '../call/call.ts';
import type { AgnesErrorInfo, AgnesFailure } from '../types/failure.ts';
import { carrySecrets } from '../util/known-secrets.ts';
import { finalError } from './final-error.ts';

/**
 * `deadlineMs` over a success's body: the attempt's signal stays armed until the deadline, and when
 * it passes the fetch is aborted with a timeout error that already carries the diagnosis
 * (`client_timeout`, `stop: 'deadline'`). Aborting a fetch's signal errors its body stream with that
 * reason, so a body that trickles or stops ends there, in the caller's own reader, in `.json()`, or
 * in the SDK that parses it, without the `Response` being replaced. A response without a body, or a
 * call without a deadline, holds nothing (the attempt's `release` then clears the timer as before). `describe` is read only if the deadline passes.
 *
 * `onGiveUp` is not emitted: the call had succeeded, and the timer may fire after a body that was
 * read to its end, when the abort changes nothing.
 */
export function holdDeadlineForBody(
  attempt: Pick<AttemptSignal, 'holdForBody'>,
  response: Response,
  call: AgnesCall,
  describe: () => AgnesFailure,
): void {
  if (response.body === null || !Number.isFinite(call.options.deadlineMs)) return;
  attempt.holdForBody(() => {
    const error = new DOMException(
      'The call reached its deadline (deadlineMs) before the response body ended.',
      'TimeoutError',
    );
    const info = call.classify({ ...describe(), condition: 'timeout' });
    const final: AgnesErrorInfo = carrySecrets(
      {
        ...info,
        attempts: call.attempts,
        totalDelayMs: call.totalDelayMs,
        elapsedMs: call.options.deadlineMs - call.remainingMs(),
        stop: 'deadline',
        stopDetails: { deadlineMs: call.options.deadlineMs },
      },
      info,
    );
    const answer = finalError(error, final, call.options);
    endNodeBody(response, answer);
    return answer;
  });
}

/**
 * node-fetch (the OpenAI SDK 4's fetch) errors a body on abort with an `AbortError` of its own and
 * wraps any other error: its Node stream is ended first with ours, named as node-fetch would name
 * it, so the reader gets the diagnosis. Web streams need nothing: the abort reason reaches them.
 */
interface NodeBody {
  readonly getReader?: unknown;
  destroy?: (error?: unknown) => void;
  emit?: (event: string, value: unknown) => boolean;
  listenerCount?: (event: string) => number;
}

function endNodeBody(response: Response, error: unknown): void {
  const body = response.body as unknown as NodeBody | null;
  if (!body || typeof body.getReader === 'function' || typeof body.destroy !== 'function') return;
  try {
    if (typeof error === 'object' && error !== null)
      Object.defineProperty(error, 'name', { value: 'AbortError', configurable: true, writable: true });
    // Emitted now, before node-fetch's own abort listener emits its error (destroy emits on a later tick).
    if (typeof body.emit === 'function' && (body.listenerCount?.('error') ?? 0) > 0)
      body.emit('error', error);
    body.destroy();
  } catch {
    // A stream that cannot be destroyed: node-fetch's own abort still ends it.
  }
}

/** Whether an error is the one {@link holdDeadlineForBody} ended a body with (already final). */
export function isBodyDeadlineError(error: unknown): boolean {
  return (error as { agnes?: { stop?: unknown } } | null)?.agnes?.stop === 'deadline';
}
