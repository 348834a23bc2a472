import type { AgnesErrorInfo, AgnesFailure } from '../classify/types.ts';
import type { AgnesController, CallState } from '../controller.ts';
import { carrySecrets } from '../util/known-secrets.ts';
import type { AttemptSignal } from './attempt-signal.ts';
import { finalError } from './final-error.ts';

/**
 * `deadlineMs` over a success's body: the attempt's signal stays armed until the deadline, and when
 * it passes the fetch is aborted with a timeout error that already carries the diagnosis
 * (`client_timeout`, `stop: 'deadline'`). Aborting a fetch's signal errors its body stream with that
 * reason, so a body that trickles or stops ends there, in the caller's own reader, in `.json()`, or
 * in the SDK that parses it, without the `Response` being replaced. A response without a body
 * releases the timer at once. `describe` is read only if the deadline passes.
 *
 * `onGiveUp` is not emitted: the call had succeeded, and the timer may fire after a body that was
 * read to its end, when the abort changes nothing.
 */
export function holdDeadlineForBody(
  attempt: AttemptSignal,
  response: Response,
  controller: AgnesController,
  state: CallState,
  describe: () => AgnesFailure,
): void {
  if (response.body === null) {
    attempt.release();
    return;
  }
  attempt.holdForBody(() => {
    const error = new DOMException(
      'The call reached its deadline (deadlineMs) before the response body ended.',
      'TimeoutError',
    );
    const info = controller.classify({ ...describe(), condition: 'timeout' }, state);
    const final: AgnesErrorInfo = carrySecrets(
      {
        ...info,
        attempts: state.attempts,
        totalDelayMs: state.totalDelayMs,
        elapsedMs: controller.options.now() - state.startedAt,
        stop: 'deadline',
        stopDetails: { deadlineMs: state.options.deadlineMs },
      },
      info,
    );
    return finalError(error, final, state.options);
  });
}

/** Whether an error is the one {@link holdDeadlineForBody} ended a body with (already final). */
export function isBodyDeadlineError(error: unknown): boolean {
  return (error as { agnes?: { stop?: unknown } } | null)?.agnes?.stop === 'deadline';
}
