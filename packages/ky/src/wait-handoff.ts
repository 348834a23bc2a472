/** A wait decided in `shouldRetry`, for ky's `delay` call that follows it. */
interface PendingWait {
  readonly attempt: number;
  readonly delayMs: number;
  readonly at: number;
  readonly onTaken: (() => void) | undefined;
}

/** How long a wait ky never asked for is kept (its `totalTimeout` ended the call first). */
const staleAfterMs = 1000;

/**
 * Hands the wait `shouldRetry` decided to ky's `delay(attemptCount)`, which ky calls right after
 * `shouldRetry` answers `true` (in the same continuation, both majors), so that ky itself sleeps:
 * within its `totalTimeout` (ky 2 ends the call with its `TimeoutError` when the wait would outlast
 * it) and abortable by the caller's signal, as without the adapter. Waits are matched by attempt
 * number, first given first taken (ky resumes calls in the order their `shouldRetry` answered).
 */
export class WaitHandoff {
  #pending: PendingWait[] = [];

  give(attempt: number, delayMs: number, onTaken?: () => void): void {
    this.#pending.push({ attempt, delayMs, at: Date.now(), onTaken });
  }

  /** The wait for this attempt, or 0 when none was given (a retry ky forced on its own). */
  take(attempt: number): number {
    const now = Date.now();
    if (this.#pending.some((wait) => now - wait.at >= staleAfterMs))
      this.#pending = this.#pending.filter((wait) => now - wait.at < staleAfterMs);
    const index = this.#pending.findIndex((wait) => wait.attempt === attempt);
    if (index < 0) return 0;
    const [wait] = this.#pending.splice(index, 1);
    wait?.onTaken?.();
    return wait?.delayMs ?? 0;
  }
}
