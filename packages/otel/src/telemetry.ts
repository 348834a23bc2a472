import type {
  AttemptEndEvent,
  AttemptStartEvent,
  CallEndEvent,
  CallStartEvent,
  CallWaitEvent,
  ConcurrencyChangeEvent,
  GiveUpEvent,
  RetryEvent,
} from '@agnes-errors/core';
import {
  type Attributes,
  type Context,
  context,
  type MeterProvider,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { attribute, eventName, providerName } from './attributes.ts';
import { type ConcurrencyState, type Instruments, instrumentsFrom } from './instruments.ts';

/** Options of {@link agnesTelemetry}. */
export interface AgnesTelemetryOptions {
  /**
   * Where spans go.
   * @default the global tracer provider (`trace.getTracerProvider()`; a no-op until an SDK registers)
   */
  readonly tracerProvider?: TracerProvider | undefined;
  /**
   * Where metrics go.
   * @default the global meter provider, as it is when each call starts (a no-op until an SDK registers)
   */
  readonly meterProvider?: MeterProvider | undefined;
  /**
   * One child span per physical attempt (HTTP client conventions: `http.request.resend_count`,
   * `http.response.status_code`), under the call's span. `false` keeps the call span only.
   * @default true
   */
  readonly attemptSpans?: boolean | undefined;
  /**
   * How many calls may be open at once before the oldest is dropped (its span ended as
   * `agnes.outcome: "dropped"`): a bound on memory if a client ends calls without telling us.
   * An integer above 0 (anything else is a `TypeError`).
   * @default 10000
   */
  readonly maxOpenCalls?: number | undefined;
}

/** The event options {@link agnesTelemetry} returns: spread them into any adapter's options. */
export interface AgnesTelemetryEvents {
  readonly onCallStart: (event: CallStartEvent) => void;
  readonly onAttemptStart: (event: AttemptStartEvent) => void;
  readonly onAttemptEnd: (event: AttemptEndEvent) => void;
  readonly onCallWait: (event: CallWaitEvent) => void;
  readonly onCallEnd: (event: CallEndEvent) => void;
  readonly onRetry: (event: RetryEvent) => void;
  readonly onGiveUp: (event: GiveUpEvent) => void;
  readonly onConcurrencyChange: (event: ConcurrencyChangeEvent) => void;
}

/** What we hold about one open call. */
interface OpenCall {
  readonly span: Span;
  /** The caller's context with the call's span: the parent of the attempt spans. */
  readonly context: Context;
  /** Low-cardinality attributes every metric of the call carries. */
  readonly metricAttributes: Attributes;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly serverAddress: string | undefined;
  readonly serverPort: number | undefined;
  readonly startedAt: number;
  attemptSpan: Span | undefined;
}

const scopeName = '@agnes-errors/otel';
/** `error.type` of a call the caller aborted (the Agnes reason for it). */
const abortedError = 'caller_aborted';
/** `error.type` when no better one is known, as the conventions say. */
const otherError = '_OTHER';

function failureType(event: AttemptEndEvent): string {
  return event.reason ?? (event.status === undefined ? (event.condition ?? '_OTHER') : String(event.status));
}

/**
 * OpenTelemetry for every call an Agnes client makes: returns event options to spread into any
 * adapter or framework package (`withAgnes(client, { ...agnesTelemetry() })`,
 * `agnesKy({ rpm: 20, ...agnesTelemetry() })`). Each call becomes a CLIENT span named
 * `{operation} {model}` under the caller's active span (GenAI attributes; on failure `error.type`,
 * the Agnes reason and stop), with an event for each retry and wait and a child span for each
 * attempt (`http.request.resend_count`); metrics record the operation's duration, retries and
 * give-ups by reason, waits by cause, and rate limits met. No key, URL query or prompt text is
 * ever recorded. With no OpenTelemetry SDK registered every part is a no-op.
 *
 * @example
 * import { agnesTelemetry } from '@agnes-errors/otel';
 * import { withAgnes } from '@agnes-errors/openai';
 *
 * const client = withAgnes(new OpenAI({ baseURL, apiKey }), { rpm: 20, ...agnesTelemetry() });
 */
export function agnesTelemetry(options: AgnesTelemetryOptions = {}): AgnesTelemetryEvents {
  const tracer: Tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(scopeName);
  const concurrency: ConcurrencyState = { limit: undefined };
  const instruments: () => Instruments = instrumentsFrom(options.meterProvider, scopeName, concurrency);
  const attemptSpans = options.attemptSpans ?? true;
  const maxOpenCalls = options.maxOpenCalls ?? 10_000;
  // A configuration mistake is reported where it is made, as core does for its options.
  if (!Number.isInteger(maxOpenCalls) || maxOpenCalls < 1)
    throw new TypeError(
      `agnesTelemetry option \`maxOpenCalls\` must be an integer above 0, got ${maxOpenCalls}.`,
    );
  const open = new Map<string, OpenCall>();

  /** Forgets a call; its spans end with whatever they hold. */
  const close = (callId: string): OpenCall | undefined => {
    const call = open.get(callId);
    if (call) open.delete(callId);
    return call;
  };

  const endAttempt = (call: OpenCall): void => {
    call.attemptSpan?.end();
    call.attemptSpan = undefined;
  };

  const duration = (call: OpenCall, elapsedMs: number | undefined, errorType: string | undefined): void => {
    const seconds = (elapsedMs ?? Date.now() - call.startedAt) / 1000;
    instruments().operationDuration.record(
      seconds,
      errorType === undefined
        ? call.metricAttributes
        : { ...call.metricAttributes, [attribute.errorType]: errorType },
    );
  };

  /** The caller aborted the call: not the provider's failure, so no error status and no give-up. */
  const endAborted = (
    call: OpenCall,
    attempts: number,
    totalDelayMs: number,
    elapsedMs: number | undefined,
  ): void => {
    endAttempt(call);
    call.span.setAttributes({
      [attribute.outcome]: 'aborted',
      [attribute.errorType]: abortedError,
      [attribute.attempts]: attempts,
      [attribute.totalDelayMs]: totalDelayMs,
    });
    duration(call, elapsedMs, abortedError);
    call.span.end();
  };

  const guarded =
    <E>(listener: (event: E) => void) =>
    (event: E): void => {
      // Telemetry must never break the call it observes (core ignores a throwing listener too).
      try {
        listener(event);
      } catch {
        // Ignored.
      }
    };

  return {
    onCallStart: guarded((event: CallStartEvent) => {
      const metricAttributes: Attributes = {
        [attribute.operationName]: event.operation,
        [attribute.providerName]: providerName,
      };
      if (event.model !== undefined) metricAttributes[attribute.requestModel] = event.model;
      if (event.serverAddress !== undefined) metricAttributes[attribute.serverAddress] = event.serverAddress;
      if (event.serverPort !== undefined) metricAttributes[attribute.serverPort] = event.serverPort;
      const parent = context.active();
      const span = tracer.startSpan(
        event.model === undefined ? event.operation : `${event.operation} ${event.model}`,
        { kind: SpanKind.CLIENT, attributes: metricAttributes },
        parent,
      );
      if (open.size >= maxOpenCalls) {
        const oldest = open.keys().next().value as string;
        const dropped = close(oldest);
        if (dropped) {
          endAttempt(dropped);
          dropped.span.setAttribute(attribute.outcome, 'dropped');
          dropped.span.end();
        }
      }
      open.set(event.callId, {
        span,
        context: trace.setSpan(parent, span),
        metricAttributes,
        method: event.method,
        url: event.url,
        serverAddress: event.serverAddress,
        serverPort: event.serverPort,
        startedAt: event.startedAt,
        attemptSpan: undefined,
      });
    }),

    onAttemptStart: guarded((event: AttemptStartEvent) => {
      const call = open.get(event.callId);
      if (!call || !attemptSpans) return;
      endAttempt(call);
      const attributes: Attributes = { [attribute.attempt]: event.attempt };
      if (call.method !== undefined) attributes[attribute.httpMethod] = call.method;
      if (call.url !== undefined) attributes[attribute.urlFull] = call.url;
      if (call.serverAddress !== undefined) attributes[attribute.serverAddress] = call.serverAddress;
      if (call.serverPort !== undefined) attributes[attribute.serverPort] = call.serverPort;
      // The HTTP conventions set the resend count on resent requests only.
      if (event.resendCount > 0) attributes[attribute.resendCount] = event.resendCount;
      call.attemptSpan = tracer.startSpan(
        call.method ?? 'HTTP',
        { kind: SpanKind.CLIENT, attributes },
        call.context,
      );
    }),

    onAttemptEnd: guarded((event: AttemptEndEvent) => {
      const call = open.get(event.callId);
      if (event.status === 429) {
        const attributes = call?.metricAttributes ?? { [attribute.providerName]: providerName };
        instruments().rateLimits.add(1, { ...attributes, [attribute.rateLimitSource]: 'server' });
      }
      const span = call?.attemptSpan;
      if (!call || !span) return;
      if (event.status !== undefined) span.setAttribute(attribute.httpStatus, event.status);
      if (!event.ok) {
        span.setAttribute(attribute.errorType, failureType(event));
        if (event.reason !== undefined) span.setAttribute(attribute.reason, event.reason);
        span.setStatus({ code: SpanStatusCode.ERROR, message: failureType(event) });
      }
      endAttempt(call);
    }),

    onCallWait: guarded((event: CallWaitEvent) => {
      const call = open.get(event.callId);
      const attributes: Attributes = {
        [attribute.providerName]: providerName,
        [attribute.waitCause]: event.cause,
      };
      const operation = call?.metricAttributes[attribute.operationName];
      if (operation !== undefined) attributes[attribute.operationName] = operation;
      instruments().waitDuration.record(event.delayMs / 1000, attributes);
      if (event.cause === 'pacing')
        instruments().rateLimits.add(1, {
          ...(call?.metricAttributes ?? { [attribute.providerName]: providerName }),
          [attribute.rateLimitSource]: 'pacing',
        });
      if (!call) return;
      const eventAttributes: Attributes = {
        [attribute.waitCause]: event.cause,
        [attribute.delayMs]: event.delayMs,
        [attribute.attempt]: event.attempt,
      };
      if (event.reason !== undefined) eventAttributes[attribute.reason] = event.reason;
      call.span.addEvent(eventName.wait, eventAttributes);
    }),

    onRetry: guarded((event: RetryEvent) => {
      const call = event.callId === undefined ? undefined : open.get(event.callId);
      const attributes: Attributes = {
        ...(call?.metricAttributes ?? { [attribute.providerName]: providerName }),
        [attribute.reason]: event.info.reason,
      };
      instruments().retries.add(1, attributes);
      if (!call) return;
      const eventAttributes: Attributes = {
        [attribute.attempt]: event.attempt,
        [attribute.reason]: event.info.reason,
        [attribute.delayMs]: event.delayMs,
      };
      if (event.info.status !== undefined) eventAttributes[attribute.httpStatus] = event.info.status;
      call.span.addEvent(eventName.retry, eventAttributes);
    }),

    onGiveUp: guarded((event: GiveUpEvent) => {
      const { info } = event;
      const call = event.callId === undefined ? undefined : close(event.callId);
      // Some clients report the caller's abort as a give-up: it ends the call as an abort, as elsewhere.
      if (event.stop === 'caller_aborted') {
        if (call) endAborted(call, event.attempts, event.totalDelayMs, info.elapsedMs);
        return;
      }
      const base = call?.metricAttributes ?? { [attribute.providerName]: providerName };
      instruments().giveUps.add(1, {
        ...base,
        [attribute.reason]: info.reason,
        [attribute.stop]: event.stop,
      });
      if (!call) return;
      endAttempt(call);
      duration(call, info.elapsedMs, info.reason);
      call.span.setAttributes({
        [attribute.errorType]: info.reason,
        [attribute.reason]: info.reason,
        [attribute.stop]: event.stop,
        [attribute.attempts]: event.attempts,
        [attribute.totalDelayMs]: event.totalDelayMs,
      });
      if (info.status !== undefined) call.span.setAttribute(attribute.httpStatus, info.status);
      // The reason, not the message: a provider's message may quote what the request held.
      call.span.setStatus({ code: SpanStatusCode.ERROR, message: info.reason });
      call.span.end();
    }),

    onConcurrencyChange: guarded((event: ConcurrencyChangeEvent) => {
      concurrency.limit = Number.isFinite(event.to) ? event.to : undefined;
      instruments().concurrencyChanges.add(1, {
        [attribute.providerName]: providerName,
        [attribute.concurrencyWhy]: event.why,
      });
    }),

    onCallEnd: guarded((event: CallEndEvent) => {
      const call = close(event.callId);
      if (!call) return;
      if (event.outcome === 'aborted') {
        endAborted(call, event.attempts, event.totalDelayMs, event.elapsedMs);
        return;
      }
      endAttempt(call);
      call.span.setAttributes({
        [attribute.attempts]: event.attempts,
        [attribute.totalDelayMs]: event.totalDelayMs,
      });
      if (event.outcome === 'abandoned') {
        // The client threw something that is no request failure: an error we cannot name.
        call.span.setAttributes({ [attribute.outcome]: 'abandoned', [attribute.errorType]: otherError });
        call.span.setStatus({ code: SpanStatusCode.ERROR, message: 'abandoned' });
        duration(call, event.elapsedMs, otherError);
      } else duration(call, event.elapsedMs, undefined);
      call.span.end();
    }),
  };
}
