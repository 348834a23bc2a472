/**
 * The attribute and metric names we write: OpenTelemetry's GenAI and HTTP semantic conventions
 * where they name the idea, `agnes.*` for what only this library knows (why a call retried, waited
 * or stopped). Written out here rather than imported from `@opentelemetry/semantic-conventions`:
 * the GenAI names are still "incubating" there, and a few strings are not worth a dependency.
 */
export const attribute = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  httpMethod: 'http.request.method',
  httpStatus: 'http.response.status_code',
  resendCount: 'http.request.resend_count',
  urlFull: 'url.full',
  reason: 'agnes.reason',
  stop: 'agnes.stop',
  attempt: 'agnes.attempt',
  attempts: 'agnes.attempts',
  totalDelayMs: 'agnes.total_delay_ms',
  waitCause: 'agnes.wait.cause',
  delayMs: 'agnes.delay_ms',
  outcome: 'agnes.outcome',
  rateLimitSource: 'agnes.rate_limit.source',
  concurrencyWhy: 'agnes.concurrency.why',
} as const;

/** The provider, as the GenAI conventions name it (`gen_ai.provider.name`). */
export const providerName = 'agnes';

/** The metric names. */
export const metricName = {
  operationDuration: 'gen_ai.client.operation.duration',
  retries: 'agnes.client.retries',
  giveUps: 'agnes.client.give_ups',
  waitDuration: 'agnes.client.wait.duration',
  rateLimits: 'agnes.client.rate_limits',
  concurrencyLimit: 'agnes.client.concurrency.limit',
  concurrencyChanges: 'agnes.client.concurrency.changes',
} as const;

/** The span event names. */
export const eventName = {
  retry: 'agnes.retry',
  wait: 'agnes.wait',
} as const;

/** The GenAI conventions' advised buckets for `gen_ai.client.operation.duration`, in seconds. */
export const durationBuckets: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
