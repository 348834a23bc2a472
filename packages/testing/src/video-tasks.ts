import { defaultMessage } from './provider.ts';
import type { MockVideoOptions, MockVideoOutcome, ProviderLocale } from './types.ts';

interface VideoTask {
  readonly id: string;
  readonly model: string;
  readonly createdAt: number;
  /** Who created it with which body: an identical create while it runs is a duplicate. */
  readonly fingerprint: string;
  readonly outcome: MockVideoOutcome;
  polls: number;
  /** Polls answered with "task does not exist" so far. */
  hidden: number;
}

/** What a video route answers (see `Reply` in routes.ts). */
export interface VideoReply {
  readonly status: number;
  readonly json?: unknown;
  readonly error?: { readonly message: string; readonly code?: string };
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The video tasks of one server: created by `POST /v1/videos`, read by both status routes. A task
 * moves queued -> in_progress -> completed (or failed, as scripted) after a number of polls, or after
 * `durationMs` of time; it can stay invisible for its first polls, answer duplicate creates with a
 * 409, and send a polling hint.
 */
export class VideoTasks {
  readonly #tasks = new Map<string, VideoTask>();
  readonly #outcomes: MockVideoOutcome[] = [];
  readonly #options: MockVideoOptions;
  readonly #locale: ProviderLocale;
  #counter = 0;
  /** Every task ever created (not cleared by finishing): tests assert on duplicates with it. */
  created = 0;

  constructor(options: MockVideoOptions, locale: ProviderLocale) {
    this.#options = options;
    this.#locale = locale;
    this.#outcomes.push(...(options.outcomes ?? []));
  }

  reset(): void {
    this.#tasks.clear();
    this.#outcomes.length = 0;
    this.#outcomes.push(...(this.#options.outcomes ?? []));
    this.created = 0;
  }

  /** The next tasks created end as these say, in order; then `'complete'`. */
  script(outcomes: readonly MockVideoOutcome[]): void {
    this.#outcomes.push(...outcomes);
  }

  #state(task: VideoTask, now: number): 'queued' | 'in_progress' | 'done' {
    const { durationMs } = this.#options;
    const perState = this.#options.pollsPerState ?? 1;
    if (typeof task.outcome === 'object' && task.outcome.afterPolls !== undefined)
      return task.polls > task.outcome.afterPolls ? 'done' : task.polls <= 1 ? 'queued' : 'in_progress';
    if (durationMs !== undefined) {
      const elapsed = now - task.createdAt;
      return elapsed >= durationMs ? 'done' : elapsed < durationMs / 3 ? 'queued' : 'in_progress';
    }
    return task.polls <= perState ? 'queued' : task.polls <= perState * 2 ? 'in_progress' : 'done';
  }

  /** `POST /v1/videos` once the request passed the checks. */
  create(body: Record<string, unknown>, fingerprint: string): VideoReply {
    const now = Date.now();
    if (this.#options.conflictOnDuplicate) {
      for (const task of this.#tasks.values()) {
        if (task.fingerprint === fingerprint && this.#state(task, now) !== 'done') {
          return {
            status: 409,
            error: {
              message:
                this.#locale === 'zh'
                  ? '任务重复提交，请等待当前任务完成'
                  : 'Duplicate task submission: wait for the current task to complete',
              code: 'duplicate_task',
            },
          };
        }
      }
    }
    this.#counter += 1;
    this.created += 1;
    const id = `video_${now.toString(36)}${this.#counter}`;
    const outcome = this.#outcomes.shift() ?? 'complete';
    const task: VideoTask = {
      id,
      model: String(body.model),
      createdAt: now,
      fingerprint,
      outcome,
      polls: 0,
      hidden: 0,
    };
    this.#tasks.set(id, task);
    return {
      headers: this.#hintHeaders(task, now),
      status: 200,
      json: {
        id,
        object: 'video',
        model: body.model,
        status: 'queued',
        progress: 0,
        created_at: Math.floor(now / 1000),
      },
    };
  }

  /** Both status routes. */
  poll(id: string | null): VideoReply {
    const task = id ? this.#tasks.get(id) : undefined;
    const notExist: VideoReply = {
      status: 404,
      json: { code: 'task_not_exist', message: defaultMessage(404, this.#locale) },
    };
    if (!task) return notExist;
    if (task.hidden < (this.#options.hiddenPolls ?? 0)) {
      task.hidden += 1;
      return notExist;
    }
    task.polls += 1;
    const now = Date.now();
    const state = this.#state(task, now);
    const failed = state === 'done' && typeof task.outcome === 'object' ? task.outcome.fail : undefined;
    const status = state === 'done' ? (failed ? 'failed' : 'completed') : state;
    const running = state !== 'done';
    return {
      status: 200,
      json: {
        id: task.id,
        object: 'video',
        model: task.model,
        status,
        progress: status === 'completed' ? 100 : status === 'in_progress' ? 50 : 0,
        url: status === 'completed' ? `https://cdn.agnes-mock.invalid/video/${task.id}.mp4` : null,
        error: failed
          ? { code: failed.code ?? null, message: failed.message, type: failed.type ?? 'upstream_error' }
          : null,
      },
      ...(running && { headers: this.#hintHeaders(task, now) }),
    };
  }

  /** The polling hint a running task's answer carries, if the server is set to send one. */
  #hintHeaders(task: VideoTask, now: number): Record<string, string> {
    const { pollAfterMs, pollRetryAfter, durationMs } = this.#options;
    const remaining = durationMs === undefined ? undefined : Math.max(0, task.createdAt + durationMs - now);
    const headers: Record<string, string> = {};
    if (pollAfterMs !== undefined) {
      const ms = pollAfterMs === 'remaining' ? remaining : pollAfterMs;
      if (ms !== undefined) headers['openai-poll-after-ms'] = String(Math.ceil(ms));
    }
    if (pollRetryAfter !== undefined) headers['retry-after'] = String(pollRetryAfter);
    return headers;
  }
}
