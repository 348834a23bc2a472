export type {
  AgnesCategory,
  AgnesLocale,
  CatalogueEntry,
  CatalogueStatus,
  EntryText,
  ReplaySafety,
  RetryStance,
} from './catalogue/index.ts';
export {
  buildCatalogue,
  catalogue,
  catalogueStatuses,
  getEntry,
  isCatalogueStatus,
} from './catalogue/index.ts';
export type {
  AgnesErrorInfo,
  AgnesFailure,
  ClassifyOptions,
  EndpointKind,
  NoResponseCondition,
} from './classify/index.ts';
export { classify, endpointOf, isIdempotent, isTaskCreating } from './classify/index.ts';
export { type ParsedBody, parseBody } from './classify/parse-body.ts';
export {
  AgnesController,
  type AttemptResult,
  type BeginOptions,
  type CallState,
  type FinalFailure,
} from './controller.ts';
export { AgnesError, type AgnesErrorOptions, isAgnesError } from './errors/agnes-error.ts';
export { decorateError } from './errors/decorate.ts';
export { attachAgnesInfo, failureFromUnknown, getAgnesInfo } from './errors/get-info.ts';
export { type AgnesFetch, type AgnesFetchOptions, agnesFetch } from './fetch/agnes-fetch.ts';
export { en, type LocaleBundle, registerLocale, resolveLocale } from './locale.ts';
export { type FormatOptions, formatAgnesMessage } from './messages/format.ts';
export { getMessages, type LocaleMessages } from './messages/index.ts';
export {
  type AgnesOptions,
  type BackoffStrategy,
  defaultOptions,
  type GiveUpEvent,
  type NormalizedOptions,
  normalizeOptions,
  type ReplayPolicy,
  type RetryEvent,
  type WaitEvent,
} from './options.ts';
export { RateLimiter, type RateLimiterOptions } from './rate-limit/limiter.ts';
export { MemoryRateLimitStore, type RateLimitStore, type RateLimitWindow } from './rate-limit/store.ts';
export { type AgnesHint, type AgnesReason, agnesReasons, type HintDetails } from './reasons.ts';
export { type BackoffInput, backoffDelay } from './retry/backoff.ts';
export { RetryBudget, type RetryBudgetOptions } from './retry/budget.ts';
export { type DecideContext, decide } from './retry/decide.ts';
export { sleep } from './retry/sleep.ts';
export type { RetryDecision, StopReason } from './retry/types.ts';
export { type HeadersLike, toHeaderMap } from './util/headers.ts';
export { redact, redactUrl } from './util/redact.ts';
export { parseRetryAfter, retryAfterFromHeaders } from './util/retry-after.ts';
