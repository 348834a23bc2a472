/** Where a video task is: the provider's four states. */
export type VideoTaskStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

/** What a failed task says about its failure (the provider's `error` object). */
export interface VideoTaskError {
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly type: string | undefined;
}

/** A video task as the API describes it. */
export interface VideoTask {
  /** The task id (`video_id` of the status route). */
  readonly id: string;
  readonly status: VideoTaskStatus;
  /** The video's address once `completed` (`url`, or `metadata.url`). */
  readonly url: string | undefined;
  /** Progress in percent, when the provider says. */
  readonly progress: number | undefined;
  /** Why it failed, when `failed`. */
  readonly error: VideoTaskError | undefined;
  /** The answer as the API sent it, for fields this type does not name. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The parameters of `POST /v1/videos`, as the API takes them; other fields are sent as given. */
export interface VideoCreateParams {
  /** A video model: `agnes-video-v2.0`, `agnes-video-2.5`, `agnes-video-2.5-flash`. */
  readonly model: string;
  readonly prompt?: string;
  /** `WIDTHxHEIGHT`, each a multiple of 64. */
  readonly size?: string;
  /** v2.0: at most 441 and of the form 8n+1. */
  readonly num_frames?: number;
  readonly [field: string]: unknown;
}

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0
    ? value.slice(0, 2000)
    : typeof value === 'number'
      ? String(value)
      : undefined;

const states: Readonly<Record<string, VideoTaskStatus>> = {
  queued: 'queued',
  pending: 'queued',
  submitted: 'queued',
  in_progress: 'in_progress',
  processing: 'in_progress',
  running: 'in_progress',
  completed: 'completed',
  succeeded: 'completed',
  success: 'completed',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  cancelled: 'failed',
};

function taskError(value: unknown): VideoTaskError | undefined {
  if (isObject(value))
    return { code: text(value.code), message: text(value.message), type: text(value.type) };
  const message = text(value);
  return message === undefined ? undefined : { code: undefined, message, type: undefined };
}

/**
 * Reads a task from an answer of the create or the status route: the task itself, or wrapped in
 * `data` (as some gateways answer). `undefined` when the answer is not a task (no id, or a state
 * this library does not know: treated by the caller as a malformed answer, never as a finish).
 */
export function readVideoTask(body: unknown, knownId?: string): VideoTask | undefined {
  if (!isObject(body)) return undefined;
  const task = isObject(body.data) && ('status' in body.data || 'id' in body.data) ? body.data : body;
  const id = text(task.id) ?? text(task.task_id) ?? text(task.video_id) ?? knownId;
  const status = typeof task.status === 'string' ? states[task.status.toLowerCase()] : undefined;
  if (id === undefined || status === undefined) return undefined;
  const metadata = isObject(task.metadata) ? task.metadata : undefined;
  const progress =
    typeof task.progress === 'number' && Number.isFinite(task.progress) ? task.progress : undefined;
  return {
    id,
    status,
    url: text(task.url) ?? text(metadata?.url),
    progress,
    error: status === 'failed' ? (taskError(task.error) ?? taskError(task.fail_reason)) : undefined,
    raw: task,
  };
}

/** True for the status route's answer for an id it does not know: `{"code":"task_not_exist"}`. */
export function saysTaskNotExist(body: unknown): boolean {
  if (!isObject(body)) return false;
  const code = body.code ?? (isObject(body.error) ? body.error.code : undefined);
  return code === 'task_not_exist';
}
