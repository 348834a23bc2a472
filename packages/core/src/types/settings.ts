/** The shapes of settings that the policy and the engine read (options re-exports them). */

/** Backoff shapes: `full` jitter (AWS's default), `equal` jitter, or `decorrelated` jitter. */
export type BackoffStrategy = 'full' | 'equal' | 'decorrelated';

/**
 * Which non-idempotent requests (POST, PATCH) may be sent again.
 * - `auto`: when the server cannot have done the work (429, 503, 522, refused), and on ambiguous
 *   outcomes only for synchronous endpoints (chat, responses, images); never for task-creating ones.
 * - `always`: also task-creating POSTs such as `POST /v1/videos` (may create and bill a second task).
 * - `never`: no POST or PATCH is ever replayed.
 */
export type ReplayPolicy = 'auto' | 'always' | 'never';
