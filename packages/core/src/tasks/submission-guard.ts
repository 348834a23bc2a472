import type { VideoTask } from './video-task.ts';

interface Submission {
  readonly promise: Promise<VideoTask>;
  /** When its answer arrived; `undefined` while in flight. */
  answeredAt: number | undefined;
}

/** How many tasks are remembered for a 409: enough for any burst, bounded for a long-lived process. */
const rememberedLimit = 1000;

/**
 * Duplicate-submission protection for one `agnesVideos`: an identical create (same key, same URL,
 * same body) that is in flight, or was answered less than `windowMs` ago, is joined instead of sent
 * again. Tasks it created are remembered (by fingerprint) until they are seen finished or
 * `rememberMs` passes, so a 409 on a later identical create can name the task already running.
 */
export class SubmissionGuard {
  readonly #submissions = new Map<string, Submission>();
  readonly #created = new Map<string, { readonly id: string; readonly at: number }>();
  readonly #windowMs: number;
  readonly #rememberMs: number;
  readonly #now: () => number;

  constructor(windowMs: number, rememberMs: number, now: () => number) {
    this.#windowMs = windowMs;
    this.#rememberMs = rememberMs;
    this.#now = now;
  }

  /**
   * The create for `fingerprint`: the one in flight or just answered (`joined: true`), else a new
   * one started with `submit`. A create that fails is forgotten at once: the next is a new try.
   */
  submit(
    fingerprint: string,
    submit: () => Promise<VideoTask>,
  ): { promise: Promise<VideoTask>; joined: boolean } {
    const now = this.#now();
    const existing = this.#submissions.get(fingerprint);
    if (existing && (existing.answeredAt === undefined || now - existing.answeredAt < this.#windowMs))
      return { promise: existing.promise, joined: true };
    const promise = submit();
    const submission: Submission = { promise, answeredAt: undefined };
    this.#submissions.set(fingerprint, submission);
    promise.then(
      (task) => {
        submission.answeredAt = this.#now();
        this.#remember(fingerprint, task.id);
        // Dropped once the window has passed, so the map holds only recent creates.
        const timer = setTimeout(() => {
          if (this.#submissions.get(fingerprint) === submission) this.#submissions.delete(fingerprint);
        }, this.#windowMs);
        (timer as { unref?: () => void }).unref?.();
      },
      () => {
        if (this.#submissions.get(fingerprint) === submission) this.#submissions.delete(fingerprint);
      },
    );
    return { promise, joined: false };
  }

  #remember(fingerprint: string, id: string): void {
    this.#created.delete(fingerprint);
    this.#created.set(fingerprint, { id, at: this.#now() });
    if (this.#created.size > rememberedLimit) {
      const oldest = this.#created.keys().next().value;
      if (oldest !== undefined) this.#created.delete(oldest);
    }
  }

  /** The task an identical earlier create made, while it may still be running. */
  taskFor(fingerprint: string): string | undefined {
    const created = this.#created.get(fingerprint);
    if (!created) return undefined;
    if (this.#now() - created.at < this.#rememberMs) return created.id;
    this.#created.delete(fingerprint);
    return undefined;
  }

  /** A task finished: a later identical create is a new task, not a duplicate. */
  finished(id: string): void {
    for (const [fingerprint, created] of this.#created)
      if (created.id === id) this.#created.delete(fingerprint);
  }
}
