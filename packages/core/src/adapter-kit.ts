/**
 * `@agnes-errors/core/adapter-kit`: the adapter protocol. What an adapter for another HTTP client
 * (or a framework package) is built from, and nothing else: applications need only the root export,
 * and the engine's parts are tested inside core.
 *
 * Stability: the kit is versioned with core and released together with the adapters (one fixed
 * version). It may change in a minor release of core; adapters depend on core with a `~` range.
 *
 * An adapter translates its client's request, response and error into an `AgnesFailure`, starts an
 * `AgnesCall` for each request from its client's `AgnesController` (`call.run` when it owns the
 * loop, the call's steps when it drives the client's own loop), and answers with `finalError`. See
 * ARCHITECTURE.md, "How to add an adapter".
 *
 * @packageDocumentation
 */

// deadlineMs over a success's body.
export { holdDeadlineForBody } from './adapter/body-deadline.ts';
export { readBoundedBody } from './adapter/bounded-body.ts';
// Answering: the final error, a success whose body is not JSON, and failures after a stream started.
export { type FinalErrorOptions, finalError } from './adapter/final-error.ts';
export { invalidResponseError } from './adapter/parse-failure.ts';
export { guardEventStream, streamFailureInfo } from './adapter/stream-guard.ts';
// One controller per client, one call per request: the steps of one call.
export type { AttemptSignal } from './call/attempt-signal.ts';
export {
  AgnesCall,
  type AttemptContext,
  type AttemptResult,
  type CallOutcome,
  type FailureVerdict,
} from './call/call.ts';
export type { CallRequest } from './call/call-events.ts';
export { AgnesController, type BeginOptions } from './call/controller.ts';
// Reading a client's request and errors.
export { abortOrTimeout } from './errors/abort-or-timeout.ts';
export { failureFromUnknown } from './errors/get-info.ts';
// Which failures are the network's: anything else an adapter hands back untouched.
export { isNetworkFailure } from './errors/network-failure.ts';
// Packages that own their client's fetch: the connection, the diagnosing fetch, fallback models.
export {
  type AgnesConnection,
  agnesConnection,
  type ConnectionSettings,
} from './fetch/connection.ts';
export {
  type DiagnosingFetchOptions,
  diagnosingFetch,
  type FinalFailure,
} from './fetch/diagnosing-fetch.ts';
export type { FallbackEvent, FallbackOptions } from './fetch/fallback-models.ts';
export { type ModelListFetch, suggestModels } from './fetch/model-list.ts';
export type { LocaleMessages } from './messages/index.ts';
// Options, checked where a package takes them.
export { type NormalizedOptions, normalizeOptions } from './options.ts';
// Long-running tasks: each adapter's `agnesVideos` is a small `send` over its client.
export { digest as keyDigest } from './tasks/fingerprint.ts';
export { type TaskAnswer, type TaskConnection, type TaskRequest, videoTasks } from './tasks/videos.ts';
export type { LocaleOption } from './types/locale.ts';
export type { PreflightRequest } from './types/preflight.ts';
export type { BackoffStrategy, ReplayPolicy } from './types/settings.ts';
export { readEnvironment } from './util/environment.ts';
// Which requests an adapter acts on (every other request is left to its client).
export { agnesScope, type Scope, type ScopeOptions } from './util/scope.ts';
export { isReplayableBody, isStreamBody } from './util/stream-body.ts';
