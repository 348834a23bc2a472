/**
 * `@agnes-errors/core`: what applications use. The Agnes error catalogue, the classifier and its
 * messages, the Agnes-aware `fetch`, the error type, redaction and the rate-limit stores.
 * Adapters for other clients are built on `@agnes-errors/core/adapter-kit`.
 */
export type { AgnesCategory, AgnesLocale, CatalogueEntry, CatalogueStatus } from './catalogue/index.ts';
export { catalogue, getEntry } from './catalogue/index.ts';
export type { AgnesErrorInfo, AgnesFailure, ClassifyOptions } from './classify/index.ts';
export { classify } from './classify/index.ts';
export { AgnesError, isAgnesError } from './errors/agnes-error.ts';
export { getAgnesInfo } from './errors/get-info.ts';
export type { RedactedHttpMessage } from './errors/safe-cause.ts';
export { formatSupportReport, type SupportReportOptions } from './errors/support-report.ts';
export { type AgnesFetch, type AgnesFetchOptions, agnesFetch } from './fetch/agnes-fetch.ts';
export { type AgnesVideosFetchOptions, agnesVideos } from './fetch/agnes-videos.ts';
export type { ModelListOptions } from './fetch/model-list.ts';
export type { LocaleBundle } from './locale.ts';
export { type FormatOptions, formatAgnesMessage } from './messages/format.ts';
export type {
  AgnesCallOptions,
  AgnesOptions,
  AttemptEndEvent,
  AttemptStartEvent,
  CallEndEvent,
  CallOperation,
  CallStartEvent,
  CallWaitEvent,
  ConcurrencyChangeEvent,
  GiveUpEvent,
  PreflightEvent,
  PreflightMode,
  PreflightRuleName,
  PreflightRules,
  RetryEvent,
  WaitCause,
  WaitEvent,
} from './options.ts';
export { MemoryRateLimitStore, type RateLimitStore, type RateLimitWindow } from './rate-limit/store.ts';
export { RetryBudget, type RetryBudgetOptions } from './retry/budget.ts';
export type { PollSchedule } from './tasks/poll-schedule.ts';
export type { VideoCreateParams, VideoTask, VideoTaskError, VideoTaskStatus } from './tasks/video-task.ts';
export type {
  AgnesClientVideosOptions,
  AgnesVideos,
  AgnesVideosOptions,
  VideoCreateOptions,
  VideoGenerateOptions,
  VideoWaitOptions,
} from './tasks/videos.ts';
export type { AgnesChatModelId, AgnesImageModelId } from './types/models.ts';
export { preflightRuleNames } from './types/preflight.ts';
export { type AgnesHint, type AgnesReason, agnesReasons } from './types/reasons.ts';
export type { StopReason } from './types/stop.ts';
export { type ClosestModelsOptions, closestModels } from './util/closest-models.ts';
export { redact } from './util/redact.ts';
