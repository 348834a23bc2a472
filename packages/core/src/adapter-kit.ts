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

// Reading a client's errors and answering with the final error.
export { abortOrTimeout } from './adapter/abort-or-timeout.ts';
export type { AttemptSignal } from './adapter/attempt-signal.ts';
export { readBoundedBody } from './adapter/bounded-body.ts';
export { readEnvironment } from './adapter/environment.ts';
export { type FallbackEvent, type FallbackOptions, withFallbackModels } from './adapter/fallback-models.ts';
export { type FinalErrorOptions, finalError } from './adapter/final-error.ts';
export { isReplayableBody } from './adapter/replayable-body.ts';
// Which requests an adapter acts on, and which failures are the network's.
export { agnesHosts, agnesScope, type Scope, type ScopeOptions } from './adapter/scope.ts';
export { guardEventStream, streamFailureInfo } from './adapter/stream-guard.ts';
// The catalogue's and messages' parts.
export {
  buildCatalogue,
  catalogueStatuses,
  type EntryText,
  isCatalogueStatus,
  type ReplaySafety,
  type RetryStance,
} from './catalogue/index.ts';
// The classifier's parts.
export { type EndpointKind, endpointOf, isTaskCreating } from './classify/endpoint.ts';
export { type ParsedBody, parseBody } from './classify/parse-body.ts';
export type { NoResponseCondition } from './classify/types.ts';
// The controller: one per client; it owns each call's state.
export {
  AgnesController,
  type AttemptResult,
  type BeginOptions,
  type CallOutcome,
  type CallState,
  type FailureVerdict,
} from './controller.ts';
export type { AgnesErrorOptions } from './errors/agnes-error.ts';
export { decorateError } from './errors/decorate.ts';
export { attachAgnesInfo, failureFromUnknown } from './errors/get-info.ts';
export { isNetworkFailure } from './errors/network-failure.ts';
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
export { defaultRateLimitKey, keyFingerprint } from './rate-limit/call-key.ts';
export { RateLimiter, type RateLimiterOptions } from './rate-limit/limiter.ts';
export type { HintDetails } from './reasons.ts';
export { type BackoffInput, backoffDelay } from './retry/backoff.ts';
export { type DecideContext, decide } from './retry/decide.ts';
export { sleep } from './retry/sleep.ts';
export type { RetryDecision } from './retry/types.ts';
export { type HeadersLike, toHeaderMap } from './util/headers.ts';
export { redactUrl } from './util/redact.ts';
export { parseRetryAfter, retryAfterFromHeaders } from './util/retry-after.ts';
