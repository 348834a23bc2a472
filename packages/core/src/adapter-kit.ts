/**
 * `@agnes-errors/core/adapter-kit`: the adapter protocol. What an adapter for another HTTP client
 * (or framework) is built from, and the engine's parts for tests and tools. Applications need only
 * the root export.
 *
 * Stability: the kit is versioned with core and released together with the adapters (one fixed
 * version). It may change in a minor release of core; adapters depend on core with a `~` range.
 *
 * An adapter translates its client's request, response and error into an `AgnesFailure`, asks an
 * `AgnesController` what to do (`run` when it owns the loop, the steps when it drives the client's
 * own loop), and answers with `finalError`. See ARCHITECTURE.md, "How to add an adapter".
 *
 * @packageDocumentation
 */

export { readBoundedBody } from './adapter/bounded-body.ts';
export { type FinalErrorOptions, finalError } from './adapter/final-error.ts';
export { guardEventStream, streamFailureInfo } from './adapter/stream-guard.ts';
// The controller (one per client) and the call (one per request): the steps of one call.
export type { AttemptSignal } from './call/attempt-signal.ts';
export {
  AgnesCall,
  type AttemptContext,
  type AttemptResult,
  type CallOutcome,
  type FailureVerdict,
} from './call/call.ts';
export { AgnesController, type BeginOptions } from './call/controller.ts';
export { type DecideContext, decide } from './call/decide.ts';
// The catalogue's and messages' parts.
export {
  buildCatalogue,
  catalogueStatuses,
  type EntryText,
  isCatalogueStatus,
  type ReplaySafety,
  type RetryStance,
} from './catalogue/index.ts';
export { type ParsedBody, parseBody } from './classify/parse-body.ts';
// Reading a client's errors and answering with the final error.
export { abortOrTimeout } from './errors/abort-or-timeout.ts';
export type { AgnesErrorOptions } from './errors/agnes-error.ts';
export { decorateError } from './errors/decorate.ts';
export { attachAgnesInfo, failureFromUnknown } from './errors/get-info.ts';
export { type FallbackEvent, type FallbackOptions, withFallbackModels } from './fetch/fallback-models.ts';
export { en, type LocaleOption, loadLocale, registerLocale, resolveLocale } from './locale.ts';
export { getMessages, type LocaleMessages } from './messages/index.ts';
// Options.
export {
  type BackoffStrategy,
  defaultOptions,
  type NormalizedOptions,
  normalizeOptions,
  type ReplayPolicy,
} from './options.ts';
// The policy and the retry engine.
export {
  categoryOf,
  defaultPolicySettings,
  isIdempotent,
  type PolicySettings,
  type ReasonRule,
  type RetryVerdict,
  reasonRules,
  retryVerdict,
  type StatusRule,
  statusRules,
  synchronousEndpoints,
  type VerdictFacts,
} from './policy.ts';
export { RateLimiter, type RateLimiterOptions } from './rate-limit/limiter.ts';
export { type BackoffInput, backoffDelay } from './retry/backoff.ts';
export { sleep } from './retry/sleep.ts';
// The classifier's parts.
export { type EndpointKind, endpointOf, isTaskCreating } from './types/endpoint.ts';
export type { NoResponseCondition } from './types/failure.ts';
export type { HintDetails } from './types/reasons.ts';
export type { RetryDecision } from './types/stop.ts';
export { readEnvironment } from './util/environment.ts';
export { type HeadersLike, toHeaderMap } from './util/headers.ts';
export { redactUrl } from './util/redact.ts';
export { isReplayableBody } from './util/replayable-body.ts';
export { parseRetryAfter, retryAfterFromHeaders } from './util/retry-after.ts';
