import type { BackoffStrategy } from '../types/settings.ts';

/** Inputs of one backoff computation. */
export interface BackoffInput {
  readonly strategy: BackoffStrategy;
  /** The attempt that just failed (1 for the first). */
  readonly attempt: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** The previous wait, for decorrelated jitter. */
  readonly previousDelayMs: number;
  readonly random: () => number;
}

/** Milliseconds to wait before the next attempt. */
export function backoffDelay(input: BackoffInput): number {
  const { strategy, attempt, baseDelayMs, maxDelayMs, random } = input;
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const roll = Math.min(Math.max(random(), 0), 1);
  switch (strategy) {
    case 'equal':
      return Math.round(ceiling / 2 + (roll * ceiling) / 2);
    case 'decorrelated': {
      const upper = Math.max(baseDelayMs, input.previousDelayMs * 3);
      return Math.round(Math.min(maxDelayMs, baseDelayMs + roll * (upper - baseDelayMs)));
    }
    default:
      return Math.round(roll * ceiling);
  }
}
