/** The signal one attempt runs under: the caller's, plus the call's deadline. */
export interface AttemptSignal {
  /** Aborts when the caller aborts or the deadline passes; `undefined` when there is neither. */
  readonly signal: AbortSignal | undefined;
  /** True once the deadline, not the caller, aborted the attempt. */
  readonly deadlineExpired: boolean;
  /** Stops the deadline timer once the attempt has settled (the caller's abort still reaches a body being read). */
  release(): void;
  /**
   * For a success whose body is still to come: the deadline keeps running (a timer that never keeps
   * the process alive) and, when it passes, aborts the attempt with `reason()`, so the body the
   * caller reads errors with it instead of hanging. From then on `release` leaves the timer to the
   * body; it ends when it fires or when the caller aborts.
   */
  holdForBody(reason: () => unknown): void;
}

const untimed = (signal: AbortSignal | null | undefined): AttemptSignal => ({
  signal: signal ?? undefined,
  deadlineExpired: false,
  release: () => undefined,
  holdForBody: () => undefined,
});

/**
 * A signal that aborts an attempt when the caller aborts or when `remainingMs` runs out, so that
 * `deadlineMs` bounds a running attempt too: one whose headers or body never finish.
 * With no deadline (`remainingMs` infinite) it is the caller's signal, unchanged.
 */
export function attemptSignal(caller: AbortSignal | null | undefined, remainingMs: number): AttemptSignal {
  if (!Number.isFinite(remainingMs)) return untimed(caller);
  const controller = new AbortController();
  let expired = false;
  let held = false;
  let reasonOf = (): unknown =>
    new DOMException('The call reached its deadline (deadlineMs).', 'TimeoutError');
  const timer = setTimeout(
    () => {
      expired = true;
      controller.abort(reasonOf());
    },
    Math.max(0, remainingMs),
  );
  const follow = (): void => {
    clearTimeout(timer);
    controller.abort(caller?.reason);
  };
  if (caller?.aborted) follow();
  else caller?.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    get deadlineExpired() {
      return expired;
    },
    release: () => {
      if (!held) clearTimeout(timer);
    },
    holdForBody: (reason) => {
      held = true;
      reasonOf = reason;
      // Node and Bun: a body nobody reads must not keep the process alive until the deadline.
      (timer as { unref?: () => void }).unref?.();
    },
  };
}
