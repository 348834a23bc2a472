import { classify } from '../classify/index.ts';
import { AgnesError } from '../errors/agnes-error.ts';
import { attachAgnesInfo, getAgnesInfo } from '../errors/get-info.ts';
import { resolveLocale } from '../locale.ts';
import { formatAgnesMessage } from '../messages/format.ts';
import { getMessages } from '../messages/index.ts';
import type { AgnesErrorInfo } from '../types/failure.ts';
import type { LocaleOption } from '../types/locale.ts';
import type { AgnesReason, HintDetails } from '../types/reasons.ts';
import { carrySecrets, secretsOf } from '../util/known-secrets.ts';
import { redact } from '../util/redact.ts';
import type { VideoTask } from './video-task.ts';

/** A task id as it may be shown: redacted with the diagnosis's secrets, bounded. */
function safeTaskId(id: string, info?: AgnesErrorInfo): string {
  return redact(id.slice(0, 200), info ? secretsOf(info) : []);
}

/** The hint of `reason` in the info's locale. */
function hint(reason: AgnesReason, details: HintDetails, info: AgnesErrorInfo) {
  const text = getMessages(info.locale).reasons[reason](details);
  return { reason, message: text.cause, fix: text.fix, details };
}

/** The client's final error for a create or poll, its diagnosis now naming the task. */
export function withTaskId(error: unknown, id: string): unknown {
  const info = getAgnesInfo(error);
  if (!info || typeof error !== 'object' || error === null) return error;
  try {
    attachAgnesInfo(error, carrySecrets({ ...info, taskId: safeTaskId(id, info) }, info));
  } catch {
    // A frozen error keeps its diagnosis without the id.
  }
  return error;
}

/** What the provider said about content it will not render. */
const CONTENT = /content|moderat|safety|sensitive|policy|nsfw|violat|违规|敏感|审核|不合规/i;

/** What a failed task's own error points at: size, frames, quota, model, content, else `task_failed`. */
const fromTaskError: readonly AgnesReason[] = [
  'video_size_not_multiple_of_64',
  'video_frames_invalid',
  'insufficient_quota',
  'model_not_found',
  'invalid_parameters',
];

/**
 * The diagnosis of a task that ended `failed`: the reason its own error gives (its words run
 * through the same rules as an HTTP error's body), `taskId`, not retryable (the same task fails the
 * same way; nothing is resubmitted).
 */
export function taskFailedError(
  task: VideoTask,
  context: {
    readonly url: string;
    readonly params: unknown;
    readonly polls: number;
    readonly elapsedMs: number;
    readonly locale: LocaleOption | undefined;
  },
): AgnesError {
  const error = task.error;
  const said = [error?.message, error?.code, error?.type].filter(Boolean).join(' ');
  // Classified as the create's 400 would be: the same words give the same diagnosis.
  const base = classify(
    {
      status: 400,
      method: 'POST',
      url: context.url,
      requestBody: context.params,
      responseBody: { error: { message: error?.message ?? '', code: error?.code, type: error?.type } },
    },
    { locale: context.locale },
  );
  const taskId = safeTaskId(task.id, base);
  const specific = base.hints.filter(
    (found) =>
      fromTaskError.includes(found.reason) && (found.reason !== 'invalid_parameters' || found.details.param),
  );
  const content = specific.length === 0 && CONTENT.test(said) ? [hint('content_rejected', {}, base)] : [];
  const failed = hint(
    'task_failed',
    { taskId, ...(error?.code && { code: redact(error.code.slice(0, 80), secretsOf(base)) }) },
    base,
  );
  const hints = [...specific, ...content, failed];
  const first = hints[0] ?? failed;
  const info: AgnesErrorInfo = carrySecrets(
    {
      ...base,
      status: undefined,
      category: first.reason === 'insufficient_quota' ? 'billing' : 'invalid_request',
      reason: first.reason,
      retryable: false,
      replaySafety: undefined,
      retryAfterMs: undefined,
      hints,
      entry: undefined,
      method: 'GET',
      elapsedMs: context.elapsedMs,
      stop: 'not_retryable',
      stopDetails: undefined,
      taskId,
    },
    base,
  );
  return new AgnesError(info, { message: messageWithProvider(info) });
}

/**
 * The one-line message, headed by the task ("Agnes video task ID failed: ...", not a request that
 * failed), with the provider's own words (the task's error) after the cause.
 */
function messageWithProvider(info: AgnesErrorInfo, state: 'failed' | 'running' = 'failed'): string {
  const locale = resolveLocale(info.locale);
  const generic = `Agnes API ${getMessages(locale).noResponseTitle}`;
  const formatted = formatAgnesMessage(info);
  const words =
    locale === 'zh'
      ? { failed: '失败', running: '仍在运行' }
      : { failed: 'failed', running: 'still running' };
  const head =
    locale === 'zh'
      ? `Agnes 视频任务 ${info.taskId} ${words[state]}`
      : `Agnes video task ${info.taskId} ${words[state]}`;
  const message = formatted.startsWith(generic) ? head + formatted.slice(generic.length) : formatted;
  if (!info.providerMessage) return message;
  const messages = getMessages(locale);
  const said =
    info.providerMessage.length > 200 ? `${info.providerMessage.slice(0, 199)}…` : info.providerMessage;
  if (message.includes(said)) return message;
  // After the first sentence (". " in English: a version number's dot is not an end).
  const end = messages.sentenceEnd === '.' ? '. ' : messages.sentenceEnd;
  const cut = message.indexOf(end);
  if (cut < 0) return `${message} ${messages.providerSaid(said)}`;
  const first = message.slice(0, cut + messages.sentenceEnd.length);
  const space = locale === 'zh' ? '' : ' ';
  return `${first}${space}${messages.providerSaid(said)}${message.slice(cut + messages.sentenceEnd.length)}`;
}

/** The wait's deadline passed with the task still running: resume with `wait(taskId)`. */
export function taskDeadlineError(
  id: string,
  context: {
    readonly url: string;
    readonly deadlineMs: number;
    readonly polls: number;
    readonly elapsedMs: number;
    readonly locale: LocaleOption | undefined;
  },
): AgnesError {
  const base = classify(
    { condition: 'timeout', method: 'GET', url: context.url, timeoutMs: context.deadlineMs },
    { locale: context.locale },
  );
  const taskId = safeTaskId(id, base);
  const info: AgnesErrorInfo = carrySecrets(
    {
      ...base,
      reason: 'task_still_running',
      retryable: false,
      replaySafety: undefined,
      hints: [hint('task_still_running', { taskId, timeoutMs: context.deadlineMs }, base)],
      elapsedMs: context.elapsedMs,
      stop: 'deadline',
      stopDetails: { deadlineMs: context.deadlineMs },
      taskId,
    },
    base,
  );
  return new AgnesError(info, { message: messageWithProvider(info, 'running') });
}

/** The status route said the task does not exist, past the grace after its creation. */
export function taskNotFoundError(
  id: string,
  context: {
    readonly url: string;
    readonly polls: number;
    readonly elapsedMs: number;
    readonly locale: LocaleOption | undefined;
  },
): AgnesError {
  const base = classify(
    { status: 404, method: 'GET', url: context.url, responseBody: { code: 'task_not_exist' } },
    { locale: context.locale },
  );
  const info: AgnesErrorInfo = carrySecrets(
    {
      ...base,
      attempts: context.polls,
      elapsedMs: context.elapsedMs,
      stop: 'not_retryable',
      taskId: safeTaskId(id, base),
    },
    base,
  );
  return new AgnesError(info);
}
