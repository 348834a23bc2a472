import { type AgnesTelemetryEvents, agnesTelemetry } from '@agnes-errors/otel';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

/** The telemetry stop's spans, kept in memory and told back in one line. */
export interface TracedCalls {
  readonly events: AgnesTelemetryEvents;
  /** The call span and its attempt spans: `chat agnes-2.5-flash [POST 503 service_unavailable, POST resend 1 ok]`. */
  summary(): string;
  shutdown(): Promise<void>;
}

function attemptLine(span: ReadableSpan): string {
  const resend = span.attributes['http.request.resend_count'];
  const error = span.attributes['error.type'];
  return [
    span.name,
    resend === undefined ? '' : `resend ${resend}`,
    error === undefined ? 'ok' : `${span.attributes['http.response.status_code'] ?? ''} ${error}`.trim(),
  ]
    .filter(Boolean)
    .join(' ');
}

/** `agnesTelemetry()` into a tracer provider of its own (the demo registers nothing globally). */
export function tracedCalls(): TracedCalls {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  return {
    events: agnesTelemetry({ tracerProvider }),
    summary() {
      const spans = exporter.getFinishedSpans();
      return spans
        .filter((span) => span.attributes['gen_ai.operation.name'] !== undefined)
        .map((call) => {
          const attempts = spans
            .filter((span) => span.parentSpanContext?.spanId === call.spanContext().spanId)
            .map(attemptLine);
          const waits = call.events
            .filter((event) => event.name === 'agnes.wait')
            .map(
              (event) =>
                `${event.attributes?.['agnes.wait.cause']} ${event.attributes?.['agnes.delay_ms']} ms`,
            );
          return `${call.name} [${attempts.join(', ')}]${waits.length > 0 ? ` waits: ${waits.join(', ')}` : ''}`;
        })
        .join('; ');
    },
    shutdown: () => tracerProvider.shutdown(),
  };
}
