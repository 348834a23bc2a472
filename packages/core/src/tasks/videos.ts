import { getAgnesInfo } from '../errors/get-info.ts';
import { abortReason, sleep } from '../retry/sleep.ts';
import type { AgnesErrorInfo } from '../types/failure.ts';
import type { LocaleOption } from '../types/locale.ts';
import type { HeadersLike } from '../util/headers.ts';
import { createFingerprint } from './fingerprint.ts';
import { normalizePollSchedule, type PollSchedule, pollDelay, serverPollHint } from './poll-schedule.ts';
import { SubmissionGuard } from './submission-guard.ts';
import { taskDeadlineError, taskFailedError, taskNotFoundError, withTaskId } from './task-errors.ts';
import { readVideoTask, saysTaskNotExist, type VideoCreateParams, type VideoTask } from './video-task.ts';

/** One request of a task, as an adapter sends it through its client. */
export interface TaskRequest {
  readonly method: 'GET' | 'POST';
  /** Absolute URL. */
  readonly url: string;
  /** JSON body of a POST. */
  readonly body?: unknown;
  /** Extra headers (the idempotency key). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Aborts the request: the caller's abort or the wait's deadline. */
  readonly signal?: AbortSignal | undefined;
}

/** A successful answer, as the client read it. */
export interface TaskAnswer {
  readonly status: number;
  readonly headers: HeadersLike | undefined;
  /** The parsed JSON body. */
  readonly body: unknown;
}

/**
 * How `agnesVideos` reaches the API: through the user's own client, which applies its auth,
 * interceptors, and our retries and pacing. `send` resolves with a 2xx answer and rejects with the
 * client's final error (carrying `agnes`) otherwise.
 */
export interface TaskConnection {
  readonly send: (request: TaskRequest) => Promise<TaskAnswer>;
  /** The client's base URL, ending in `/v1` as the README says to set it. */
  readonly baseURL: string;
  /** A digest of the key the client sends, when the adapter can read it (part of what makes creates "identical"). */
  readonly keyDigest?: (() => string | undefined) | undefined;
}

/** Options of `agnesVideos`. */
export interface AgnesVideosOptions {
  /**
   * How often a running task's status is read: short at first, growing with jitter, capped; a
   * server hint on a poll's answer wins.
   * @default { initialMs: 2000, growth: 1.5, maxMs: 15000, jitter: 0.2, maxHintMs: 60000 }
   */
  readonly poll?: PollSchedule;
  /**
   * How long `wait` (and the waiting part of `generate`) may take, in ms. Past it, `wait` rejects
   * with an `AgnesError` (`reason: 'task_still_running'`) whose `agnes.taskId` resumes it later.
   * (`deadlineMs`, the client's option, bounds each request; this bounds the whole wait.)
   * @default 900000 (15 minutes: the provider's videos take tens of seconds to a few minutes)
   */
  readonly waitDeadlineMs?: number;
  /**
   * For this long after a task was created, the status route's "task does not exist" is retried
   * (a new id can take a moment to be visible); after it, it is `task_not_found`.
   * @default 10000
   */
  readonly notFoundGraceMs?: number;
  /**
   * An identical `create` (same key, same URL, same body) while one is in flight, or less than this
   * long after its answer, is joined: it gets the same task and nothing is sent. 0 joins only
   * creates in flight.
   * @default 10000
   */
  readonly duplicateWindowMs?: number;
  /**
   * Send an `Idempotency-Key` header with each create: one stable key per logical create, the same
   * across our retries. `true` makes a random key; a function derives it from the parameters. Off
   * by default: a custom header makes browsers send a CORS preflight.
   * @default false
   */
  readonly idempotencyKey?: boolean | ((params: VideoCreateParams) => string);
  /**
   * Which status route is polled: `'agnesapi'` (`GET /agnesapi?video_id=ID` at the site root,
   * derived from a base URL ending in `/v1`), `'legacy'` (`GET {baseURL}/videos/ID`), or `'auto'`:
   * `'agnesapi'` when the base URL ends in `/v1`, else `'legacy'`.
   * @default 'auto'
   */
  readonly statusRoute?: 'auto' | 'agnesapi' | 'legacy';
  /**
   * Language of the messages of failed tasks and deadlines.
   * @default the client's locale where the adapter knows it, else 'en'
   */
  readonly locale?: LocaleOption;
  /**
   * Random numbers in [0, 1) for the poll jitter (tests and the bench pass a seeded one).
   * @default Math.random
   */
  readonly random?: () => number;
  /**
   * The clock, in ms.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** Options of `agnesVideos(client, options)` in the client adapters. */
export interface AgnesClientVideosOptions extends AgnesVideosOptions {
  /**
   * The API's base URL, ending in `/v1`, when it cannot be read from the client (ky) or should
   * differ from the client's.
   * @default the client's base URL where it has one (axios `baseURL`, got `prefixUrl`, the OpenAI
   * SDK's `baseURL`), else `AGNES_BASE_URL`, else `https://apihub.agnes-ai.com/v1`
   */
  readonly baseURL?: string;
}

/** Options of one `create`. */
export interface VideoCreateOptions {
  /**
   * Stops this caller's waiting for the create; the request itself is aborted only when every
   * caller who joined it has aborted (an abort after the body was sent leaves a task that may exist).
   */
  readonly signal?: AbortSignal | undefined;
}

/** Options of one `wait`. */
export interface VideoWaitOptions {
  /** Ends the wait within milliseconds, with the signal's reason, whatever the poll interval. */
  readonly signal?: AbortSignal | undefined;
  /**
   * This wait's deadline, in ms.
   * @default the `waitDeadlineMs` of `agnesVideos` (15 minutes)
   */
  readonly deadlineMs?: number;
  /** Called with the task after each poll that read it (what it throws is ignored: the polling is shared). */
  readonly onProgress?: ((task: VideoTask) => void) | undefined;
}

/** Options of one `generate`: a create's and a wait's. */
export interface VideoGenerateOptions extends VideoCreateOptions, VideoWaitOptions {}

/** Long-running video tasks through one client. */
export interface AgnesVideos {
  /**
   * Submits one task (`POST /v1/videos`) and answers it (`id`, `status`). An identical create in
   * flight or just answered is joined; a create is never sent twice by us (an ambiguous failure
   * ends in an error that says a task may exist).
   */
  create(params: VideoCreateParams, options?: VideoCreateOptions): Promise<VideoTask>;
  /**
   * Polls the task until it is `completed` (answers it, with `url`) or `failed` (rejects with an
   * `AgnesError` whose `agnes.reason` is the task's own reason and `agnes.taskId` its id).
   */
  wait(id: string, options?: VideoWaitOptions): Promise<VideoTask>;
  /**
   * `create`, then `wait`. A 409 on the create, when the running identical task is known, waits for
   * that task instead.
   */
  generate(params: VideoCreateParams, options?: VideoGenerateOptions): Promise<VideoTask>;
}

/** The defaults of {@link AgnesVideosOptions}. */
export const defaultVideoOptions: {
  readonly waitDeadlineMs: number;
  readonly notFoundGraceMs: number;
  readonly duplicateWindowMs: number;
} = {
  waitDeadlineMs: 900_000,
  notFoundGraceMs: 10_000,
  duplicateWindowMs: 10_000,
};

/** A failure a later poll may not have: the server's or the network's, not the request's. */
function transient(info: AgnesErrorInfo | undefined): boolean {
  if (!info) return true;
  if (info.reason === 'caller_aborted') return false;
  return info.retryable || info.reason === 'rate_limited';
}

function nonNegative(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0))
    throw new TypeError(`agnesVideos: ${name} must be a number >= 0 (got ${String(value)}).`);
}

/** The base URL without trailing slashes. */
const trimmed = (url: string): string => url.replace(/\/+$/, '');

function randomKey(): string {
  const uuid = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto?.randomUUID?.();
  return `agnes-${uuid ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`}`;
}

/**
 * A signal that aborts on the caller's abort or after `deadlineMs`, and whether the deadline did it.
 * `release` removes the listener and the timer.
 */
function waitSignal(caller: AbortSignal | undefined, deadlineMs: number) {
  const controller = new AbortController();
  let expired = false;
  const onAbort = (): void => controller.abort(caller ? abortReason(caller) : undefined);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener('abort', onAbort, { once: true });
  // Past setTimeout's range (about 24.8 days) a timer would fire at once: treated as no deadline.
  const timer =
    Number.isFinite(deadlineMs) && deadlineMs <= 2_147_483_647
      ? setTimeout(() => {
          expired = true;
          controller.abort(new DOMException('The wait deadline passed', 'TimeoutError'));
        }, deadlineMs)
      : undefined;
  (timer as { unref?: () => void } | undefined)?.unref?.();
  return {
    signal: controller.signal,
    get expired() {
      return expired && !caller?.aborted;
    },
    release(): void {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * The client-neutral part of `agnesVideos`: every adapter gives it a {@link TaskConnection} (a
 * small `send` over its client) and gets the same create, wait and generate.
 */
export function videoTasks(connection: TaskConnection, options: AgnesVideosOptions = {}): AgnesVideos {
  const schedule = normalizePollSchedule(options.poll);
  nonNegative('waitDeadlineMs', options.waitDeadlineMs);
  nonNegative('notFoundGraceMs', options.notFoundGraceMs);
  nonNegative('duplicateWindowMs', options.duplicateWindowMs);
  const deadlineMs = options.waitDeadlineMs ?? defaultVideoOptions.waitDeadlineMs;
  const graceMs = options.notFoundGraceMs ?? defaultVideoOptions.notFoundGraceMs;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const locale = options.locale;
  const base = trimmed(connection.baseURL);
  const createURL = `${base}/videos`;
  const route = options.statusRoute ?? 'auto';
  const root = /\/v1$/.test(base) ? base.slice(0, -3) : undefined;
  const statusURL = (id: string): string =>
    route === 'legacy' || (route === 'auto' && root === undefined)
      ? `${base}/videos/${encodeURIComponent(id)}`
      : `${root ?? base}/agnesapi?video_id=${encodeURIComponent(id)}`;
  const guard = new SubmissionGuard(
    options.duplicateWindowMs ?? defaultVideoOptions.duplicateWindowMs,
    deadlineMs,
    now,
  );
  /** When this instance created each task: the not-found grace runs from there. */
  const createdAt = new Map<string, number>();
  /** The wait before the first poll of a task whose create answer carried a polling hint. */
  const firstPollHints = new Map<string, number>();
  /** Creates in flight: polls let them go first, so polls never starve the creates in the limiter. */
  let creating = 0;
  let createsIdle: { promise: Promise<void>; resolve: () => void } | undefined;

  const creatingDone = (): void => {
    creating -= 1;
    if (creating === 0) {
      createsIdle?.resolve();
      createsIdle = undefined;
    }
  };

  /** Resolves when no create is in flight (at most one poll interval later), or rejects on abort. */
  const afterCreates = async (signal: AbortSignal): Promise<void> => {
    if (creating === 0) return;
    if (!createsIdle) {
      let resolve = (): void => {};
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      createsIdle = { promise, resolve };
    }
    const gate = createsIdle.promise;
    const cap = new AbortController();
    const onAbort = (): void => cap.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([gate, sleep(schedule.maxMs, cap.signal).catch(() => undefined)]);
    } finally {
      cap.abort();
      signal.removeEventListener('abort', onAbort);
    }
    if (signal.aborted) throw signal.reason;
  };

  const submit = async (params: VideoCreateParams, signal: AbortSignal | undefined): Promise<VideoTask> => {
    const key = options.idempotencyKey;
    const headers =
      key === undefined || key === false
        ? undefined
        : { 'Idempotency-Key': typeof key === 'function' ? key(params) : randomKey() };
    creating += 1;
    try {
      const answer = await connection.send({
        method: 'POST',
        url: createURL,
        body: params,
        ...(headers && { headers }),
        signal,
      });
      const task = readVideoTask(answer.body);
      if (!task) throw taskNotReadable(answer);
      createdAt.set(task.id, now());
      if (createdAt.size > 1000) createdAt.delete(createdAt.keys().next().value as string);
      // A hint on the create's answer (how long the task will take) times the first poll.
      const hint = serverPollHint(answer.headers, now());
      if (hint !== undefined) firstPollHints.set(task.id, Math.min(hint, schedule.maxHintMs));
      if (firstPollHints.size > 1000) firstPollHints.delete(firstPollHints.keys().next().value as string);
      return task;
    } finally {
      creatingDone();
    }
  };

  const taskNotReadable = (answer: TaskAnswer): TypeError =>
    new TypeError(
      `agnesVideos: the create answered ${answer.status} without a task id and status; the task may exist: check your task list before creating it again.`,
    );

  /** Creates in flight, by fingerprint: the request's own signal and how many callers wait for it. */
  const sending = new Map<string, { readonly controller: AbortController; callers: number }>();

  const fingerprintOf = (params: VideoCreateParams): string =>
    createFingerprint(connection.keyDigest?.(), createURL, params);

  const create = async (
    params: VideoCreateParams,
    createOptions: VideoCreateOptions = {},
  ): Promise<VideoTask> => {
    if (typeof params !== 'object' || params === null)
      throw new TypeError('agnesVideos.create: params must be an object with at least `model`.');
    const fingerprint = fingerprintOf(params);
    const { promise } = guard.submit(fingerprint, () => {
      // The request belongs to every caller who joined it: aborted only when all of them abort.
      const shared = { controller: new AbortController(), callers: 0 };
      sending.set(fingerprint, shared);
      return submit(params, shared.controller.signal).finally(() => {
        if (sending.get(fingerprint) === shared) sending.delete(fingerprint);
      });
    });
    const shared = sending.get(fingerprint);
    if (shared) shared.callers += 1;
    const { signal } = createOptions;
    try {
      return await raceAbort(promise, signal);
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      const info = getAgnesInfo(error);
      const running = info?.reason === 'duplicate_task' ? guard.taskFor(fingerprint) : undefined;
      throw running === undefined ? error : withTaskId(error, running);
    } finally {
      if (shared) {
        shared.callers -= 1;
        if (shared.callers === 0 && signal?.aborted) shared.controller.abort(abortReason(signal));
      }
    }
  };

  /** The polling loops running now, one per task id, shared by every `wait` for that task. */
  const polling = new Map<string, Polling>();

  /**
   * Polls one task until it is completed (resolves) or failed, unknown or not readable (rejects),
   * or until `polling.controller` aborts (when no caller waits any more). No deadline of its own:
   * each caller's deadline is its own.
   */
  const poll = async (id: string, shared: Polling): Promise<VideoTask> => {
    const { signal } = shared.controller;
    const url = statusURL(id);
    const started = now();
    const bornAt = createdAt.get(id) ?? started;
    let unreadable = 0;
    let hintMs = firstPollHints.get(id);
    firstPollHints.delete(id);
    for (;;) {
      await sleep(hintMs ?? pollDelay(shared.polls, schedule, random), signal);
      await afterCreates(signal);
      shared.polls += 1;
      let answer: TaskAnswer;
      try {
        answer = await connection.send({ method: 'GET', url, signal });
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        const info = getAgnesInfo(error);
        if (info?.reason === 'task_not_found') {
          if (now() - bornAt < graceMs) {
            hintMs = undefined;
            continue;
          }
          throw withTaskId(error, id);
        }
        if (!transient(info)) throw withTaskId(error, id);
        // The client already retried this poll; the next one follows the schedule (or the server's wait).
        hintMs =
          info?.retryAfterMs === undefined ? undefined : Math.min(info.retryAfterMs, schedule.maxHintMs);
        continue;
      }
      if (saysTaskNotExist(answer.body)) {
        if (now() - bornAt < graceMs) {
          hintMs = undefined;
          continue;
        }
        throw taskNotFoundError(id, { url, polls: shared.polls, elapsedMs: now() - started, locale });
      }
      const task = readVideoTask(answer.body, id);
      if (!task) {
        // A gateway page or a state we do not know: never taken for a finish; three in a row end the wait.
        unreadable += 1;
        if (unreadable >= 3)
          throw new TypeError(
            `agnesVideos.wait: the status route answered ${unreadable} times without a task state for ${id}; the task may still be running: resume with wait(id).`,
          );
        hintMs = undefined;
        continue;
      }
      unreadable = 0;
      for (const listener of [...shared.listeners]) {
        try {
          listener(task);
        } catch {
          // A caller's callback cannot end the polling other callers share.
        }
      }
      if (task.status === 'completed') {
        guard.finished(task.id);
        return task;
      }
      if (task.status === 'failed') {
        guard.finished(task.id);
        throw taskFailedError(task, {
          url: createURL,
          params: undefined,
          polls: shared.polls,
          elapsedMs: now() - started,
          locale,
        });
      }
      const hint = serverPollHint(answer.headers, now());
      hintMs = hint === undefined ? undefined : Math.min(hint, schedule.maxHintMs);
    }
  };

  const wait = async (id: string, waitOptions: VideoWaitOptions = {}): Promise<VideoTask> => {
    if (typeof id !== 'string' || id.length === 0)
      throw new TypeError('agnesVideos.wait: id must be the task id that create() answered.');
    nonNegative('deadlineMs', waitOptions.deadlineMs);
    const limitMs = waitOptions.deadlineMs ?? deadlineMs;
    let shared = polling.get(id);
    if (!shared) {
      const started: Polling = {
        controller: new AbortController(),
        listeners: [],
        followers: 0,
        polls: 0,
        promise: undefined,
      };
      started.promise = poll(id, started).finally(() => {
        if (polling.get(id) === started) polling.delete(id);
      });
      // Nobody may be listening when an abandoned loop ends.
      started.promise.catch(() => undefined);
      polling.set(id, started);
      shared = started;
    }
    const { onProgress } = waitOptions;
    shared.followers += 1;
    if (onProgress) shared.listeners.push(onProgress);
    const started = now();
    const scope = waitSignal(waitOptions.signal, limitMs);
    try {
      return await raceAbort(shared.promise as Promise<VideoTask>, scope.signal);
    } catch (error) {
      if (!scope.signal.aborted) throw error;
      if (!scope.expired) throw abortReason(scope.signal);
      throw taskDeadlineError(id, {
        url: statusURL(id),
        deadlineMs: limitMs,
        polls: shared.polls,
        elapsedMs: now() - started,
        locale,
      });
    } finally {
      scope.release();
      if (onProgress) shared.listeners.splice(shared.listeners.indexOf(onProgress), 1);
      shared.followers -= 1;
      // The last caller left before the task finished: its polling stops (a later wait starts again).
      if (shared.followers === 0) {
        shared.controller.abort();
        if (polling.get(id) === shared) polling.delete(id);
      }
    }
  };

  const generate = async (
    params: VideoCreateParams,
    generateOptions: VideoGenerateOptions = {},
  ): Promise<VideoTask> => {
    const { signal, deadlineMs: waitDeadline, onProgress } = generateOptions;
    const waitOptions: VideoWaitOptions = {
      ...(signal && { signal }),
      ...(waitDeadline !== undefined && { deadlineMs: waitDeadline }),
      ...(onProgress && { onProgress }),
    };
    let task: VideoTask;
    try {
      task = await create(params, signal ? { signal } : {});
    } catch (error) {
      const info = getAgnesInfo(error);
      // A 409 for a task we know is running: wait for it instead of failing (or submitting again).
      if (info?.reason === 'duplicate_task' && info.taskId !== undefined)
        return wait(info.taskId, waitOptions);
      throw error;
    }
    if (task.status === 'completed') return task;
    return wait(task.id, waitOptions);
  };

  return { create, wait, generate };
}

/** One task's polling loop, shared by every caller waiting for it. */
interface Polling {
  /** Aborted when the last caller stops waiting. */
  readonly controller: AbortController;
  readonly listeners: ((task: VideoTask) => void)[];
  followers: number;
  polls: number;
  promise: Promise<VideoTask> | undefined;
}

/** `promise`, or the signal's reason as soon as it aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
