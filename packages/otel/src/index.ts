/**
 * `@agnes-errors/otel`: OpenTelemetry spans and metrics for every Agnes call, from core's call
 * events. `agnesTelemetry()` returns event options to spread into any adapter's options.
 */
export type {
  AttemptEndEvent,
  AttemptStartEvent,
  CallEndEvent,
  CallOperation,
  CallStartEvent,
  CallWaitEvent,
  WaitCause,
} from '@agnes-errors/core';
export { attribute, eventName, metricName } from './attributes.ts';
export { type AgnesTelemetryEvents, type AgnesTelemetryOptions, agnesTelemetry } from './telemetry.ts';
