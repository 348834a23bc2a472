import type { AgnesCategory, CatalogueStatus, ReplaySafety, RetryStance } from './types/catalogue.ts';
import type { EndpointKind } from './types/endpoint.ts';
import type { AgnesReason } from './types/reasons.ts';
import type { ReplayPolicy } from './types/settings.ts';
import type { StopReason } from './types/stop.ts';

/**
 * The Agnes retry policy in one place: what each status, each diagnosis and each endpoint allows.
 * `classify` applies it once (`info.retryable`, `info.replaySafety`, `info.stop`); `decide` reads
 * that verdict and adds only what belongs to the call (attempts, deadline, budget, the caller's abort).
 */

/** What one documented status means by default. */
export interface StatusRule {
  /** The reason when no diagnosis says more. */
  readonly reason: AgnesReason;
  readonly category: AgnesCategory;
  readonly retry: RetryStance;
  /** For retried statuses: may the server have done the work? */
  readonly replaySafety?: ReplaySafety;
}

/** One row per documented status: the provider's guidance (retry 408, 429, 5xx and the edge codes). */
export const statusRules: Readonly<Record<CatalogueStatus, StatusRule>> = {
  400: { reason: 'bad_request', category: 'invalid_request', retry: 'no' },
  401: { reason: 'invalid_api_key', category: 'authentication', retry: 'no' },
  402: { reason: 'insufficient_quota', category: 'billing', retry: 'never' },
  403: { reason: 'permission_denied', category: 'permission', retry: 'no' },
  404: { reason: 'not_found', category: 'not_found', retry: 'no' },
  405: { reason: 'wrong_method', category: 'invalid_request', retry: 'no' },
  408: { reason: 'request_timeout', category: 'timeout', retry: 'yes', replaySafety: 'safe' },
  409: { reason: 'conflict', category: 'conflict', retry: 'no' },
  413: { reason: 'payload_too_large', category: 'invalid_request', retry: 'no' },
  415: { reason: 'unsupported_content_type', category: 'invalid_request', retry: 'no' },
  422: { reason: 'invalid_parameters', category: 'invalid_request', retry: 'no' },
  429: { reason: 'rate_limited', category: 'rate_limit', retry: 'yes', replaySafety: 'safe' },
  431: { reason: 'headers_too_large', category: 'invalid_request', retry: 'no' },
  499: { reason: 'client_closed_request', category: 'aborted', retry: 'yes', replaySafety: 'ambiguous' },
  500: { reason: 'server_error', category: 'server', retry: 'yes', replaySafety: 'ambiguous' },
  502: { reason: 'bad_gateway', category: 'gateway', retry: 'yes', replaySafety: 'ambiguous' },
  503: { reason: 'service_unavailable', category: 'server', retry: 'yes', replaySafety: 'safe' },
  504: { reason: 'gateway_timeout', category: 'timeout', retry: 'yes', replaySafety: 'ambiguous' },
  520: { reason: 'edge_unknown_error', category: 'gateway', retry: 'yes', replaySafety: 'ambiguous' },
  522: { reason: 'edge_connection_timeout', category: 'gateway', retry: 'yes', replaySafety: 'safe' },
  524: { reason: 'edge_timeout', category: 'timeout', retry: 'yes', replaySafety: 'ambiguous' },
};

/** What a diagnosis changes about its status's rule. */
export interface ReasonRule {
  /** A family that says more than the status's. */
  readonly category?: AgnesCategory;
  /**
   * `never`: final whatever the options say (an empty balance). `no`: the same request would fail
   * the same way (a parameter fault), so it is not retried unless the user forces its status.
   */
  readonly retry?: 'never' | 'no';
  /** For failures without a response: whether the request can have reached the server. */
  readonly replaySafety?: ReplaySafety;
}

/** Diagnoses that override their status's rule. */
export const reasonRules: Readonly<Partial<Record<AgnesReason, ReasonRule>>> = {
  insufficient_quota: { category: 'billing', retry: 'never' },
  caller_aborted: { category: 'aborted', retry: 'never' },
  duplicate_task: { category: 'conflict', retry: 'no' },
  task_not_found: { retry: 'no' },
  model_not_found: { category: 'not_found', retry: 'no' },
  duplicated_v1: { category: 'not_found', retry: 'no' },
  missing_v1: { category: 'not_found', retry: 'no' },
  wrong_endpoint_for_model: { retry: 'no' },
  max_tokens_too_large: { retry: 'no' },
  n_must_be_1: { retry: 'no' },
  context_length_exceeded: { retry: 'no' },
  invalid_json_body: { retry: 'no' },
  missing_parameter: { retry: 'no' },
  invalid_base64: { retry: 'no' },
  image_size_not_multiple_of_16: { retry: 'no' },
  video_size_not_multiple_of_64: { retry: 'no' },
  video_frames_invalid: { retry: 'no' },
  client_timeout: { category: 'timeout' },
  // The connection never opened, so the request never reached the server.
  dns_failure: { category: 'network', replaySafety: 'safe' },
  connection_refused: { category: 'network', replaySafety: 'safe' },
  connection_reset: { category: 'network' },
  network_error: { category: 'network' },
  // The same request follows the same redirects: sending it again loops again.
  too_many_redirects: { category: 'network', retry: 'no' },
  stream_interrupted: { category: 'network' },
  // A body that is not the API's JSON (a proxy's or portal's page) comes back the same way.
  invalid_response: { category: 'server', retry: 'no' },
  // Anthropic's 529 `overloaded_error`: a brownout like a 503; the request was shed, not worked on.
  overloaded: { category: 'server', replaySafety: 'safe' },
};

/**
 * Endpoints whose POST returns its result in the response: replaying one after an ambiguous failure
 * cannot bill a second task. Task-creating endpoints (`video_create`) and unknown ones are not here.
 */
export const synchronousEndpoints: readonly EndpointKind[] = [
  'chat',
  'responses',
  'messages',
  'completions',
  'embeddings',
  'images',
];

/** RFC 9110 idempotent methods: replayed whatever the outcome. */
// QUERY is safe and idempotent (the HTTP QUERY method draft, httpbis-safe-method-w-body).
export const idempotentMethods: readonly string[] = [
  'GET',
  'HEAD',
  'OPTIONS',
  'PUT',
  'DELETE',
  'TRACE',
  'QUERY',
];

/** The user's say over the policy (see `AgnesOptions`). */
export interface PolicySettings {
  readonly replay: ReplayPolicy;
  readonly alwaysRetryStatuses: readonly number[];
}

/** The policy with no options given. */
export const defaultPolicySettings: PolicySettings = { replay: 'auto', alwaysRetryStatuses: [] };

/** What the verdict reads of a classified failure. */
export interface VerdictFacts {
  readonly status: number | undefined;
  readonly reason: AgnesReason;
  /** An error event after a stream had started delivering. */
  readonly streamed: boolean;
  readonly method: string | undefined;
  readonly endpoint: EndpointKind;
  readonly path: string | undefined;
}

/** Whether a failure may be tried again at all, and if not, why. */
export interface RetryVerdict {
  readonly retryable: boolean;
  /** Whether the server may have done the work (set when the status or condition is a retried one). */
  readonly replaySafety: ReplaySafety | undefined;
  /** Why not, when `retryable` is false. */
  readonly stop: StopReason | undefined;
  readonly stopDetails: Readonly<Record<string, string | number>> | undefined;
}

const refused = (stop: StopReason, replaySafety?: ReplaySafety, details?: Record<string, string>) => ({
  retryable: false,
  replaySafety,
  stop,
  stopDetails: details,
});

/** True for a documented status, whose rule is in {@link statusRules}. */
export function isCatalogueStatus(status: unknown): status is CatalogueStatus {
  return typeof status === 'number' && Object.hasOwn(statusRules, status);
}

/** The rule of a status, or `undefined` for an undocumented one. */
export function statusRuleOf(status: number | undefined): StatusRule | undefined {
  return isCatalogueStatus(status) ? statusRules[status] : undefined;
}

/** The reason of a failure no diagnosis explained: the status's default. */
export function defaultReason(status: number | undefined): AgnesReason {
  if (status === undefined) return 'network_error';
  return statusRuleOf(status)?.reason ?? 'unknown_status';
}

/** The family of a failure: the diagnosis's, else the status's, else HTTP semantics. */
export function categoryOf(
  status: number | undefined,
  reason: AgnesReason,
  streamed: boolean,
): AgnesCategory {
  const known = reasonRules[reason]?.category ?? statusRuleOf(status)?.category;
  if (known) return known;
  if (status === undefined) return streamed ? 'server' : 'network';
  return status >= 500 ? 'server' : status >= 400 ? 'invalid_request' : 'unknown';
}

/**
 * The policy's verdict on one failure, before the call's own limits (attempts, deadline, budget):
 * final failures and parameter faults are refused; a non-idempotent request is replayed only when
 * the server cannot have acted, or when the endpoint is synchronous (never a task-creating POST
 * unless `replay: 'always'`). Unknown statuses follow HTTP: 5xx retried, everything else not.
 */
export function retryVerdict(
  facts: VerdictFacts,
  settings: PolicySettings = defaultPolicySettings,
): RetryVerdict {
  const { status, reason } = facts;
  const statusRule = statusRuleOf(status);
  const reasonRule = reasonRules[reason];
  if (reason === 'caller_aborted') return refused('caller_aborted');
  if (statusRule?.retry === 'never' || reasonRule?.retry === 'never') return refused('final');
  // Part of the answer was delivered: sending the request again would repeat it.
  if (facts.streamed) return refused('not_retryable');
  const statusRetried = status === undefined || (statusRule ? statusRule.retry === 'yes' : status >= 500);
  const byPolicy = statusRetried && reasonRule?.retry !== 'no';
  const forced = status !== undefined && settings.alwaysRetryStatuses.includes(status);
  if (!byPolicy && !forced) return refused('not_retryable');
  // A status the user forces says nothing about whether the server acted: assume it may have.
  const replaySafety: ReplaySafety = !byPolicy
    ? 'ambiguous'
    : ((status === undefined ? reasonRule?.replaySafety : statusRule?.replaySafety) ??
      // A status the catalogue does not document (529) takes its diagnosis's word.
      reasonRule?.replaySafety ??
      'ambiguous');
  if (!mayReplay(facts, replaySafety, settings.replay)) {
    const details = { method: facts.method ?? 'POST', endpoint: facts.endpoint };
    return refused('not_replayable', replaySafety, facts.path ? { ...details, path: facts.path } : details);
  }
  return { retryable: true, replaySafety, stop: undefined, stopDetails: undefined };
}

/** Methods that may be replayed whatever the outcome (RFC 9110 idempotent methods). */
export function isIdempotent(method: string | undefined): boolean {
  return idempotentMethods.includes((method ?? 'GET').toUpperCase());
}

function mayReplay(facts: VerdictFacts, replaySafety: ReplaySafety, replay: ReplayPolicy): boolean {
  if (isIdempotent(facts.method)) return true;
  if (replay === 'never') return false;
  if (replay === 'always' || replaySafety === 'safe') return true;
  return synchronousEndpoints.includes(facts.endpoint);
}

/** A 429 that is a rate limit (not an empty balance) pauses every request of the client. */
export function pausesClient(status: number | undefined, reason: AgnesReason): boolean {
  return status === 429 && reason === 'rate_limited';
}

/** Failures after which the model may have run long: the backoff doubles. */
export function isSlowFailure(status: number | undefined, reason: AgnesReason): boolean {
  return status === 504 || status === 524 || reason === 'client_timeout';
}

/**
 * A final failure that another model may not have: an unknown or unrouted model, or a 503 (or an
 * Anthropic 529 overload, which is per model) that outlasted the retries. Fallback models (where
 * configured) are tried after it.
 */
export function wantsFallbackModel(
  info: { readonly status?: number | undefined; readonly reason: AgnesReason },
  stop: StopReason | undefined,
): boolean {
  const brownout = info.status === 503 || info.reason === 'overloaded';
  return info.reason === 'model_not_found' || (brownout && stop === 'max_retries');
}

/**
 * Answers that show the provider is overloaded (its causes for 504 and 524: "high service load
 * during peak hours"): gateway timeouts, a 503 that is no model fault, a client timeout. They lower
 * the adaptive concurrency limit (`maxConcurrency: 'auto'`).
 */
export function signalsOverload(status: number | undefined, reason: AgnesReason): boolean {
  if (status === 504 || status === 524) return true;
  if (status === 503) return reason === 'service_unavailable';
  return reason === 'client_timeout';
}
