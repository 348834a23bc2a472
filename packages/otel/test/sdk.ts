import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type DataPoint, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

/** A metric reader collected on demand. */
class TestReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** The real OpenTelemetry SDK, registered globally: spans in memory, metrics on demand. */
export interface TestSdk {
  readonly exporter: InMemorySpanExporter;
  readonly tracerProvider: TracerProvider;
  readonly meterProvider: MeterProvider;
  spans(): ReadableSpan[];
  /** Every data point of a metric, with its attributes. */
  points(name: string): Promise<DataPoint<unknown>[]>;
  shutdown(): Promise<void>;
}

/**
 * Registers a fresh SDK as the global one, replacing any earlier one (`replace: false` when none is
 * registered and tracers taken from the global proxy before must keep working, as in an app).
 */
export function registerSdk(replace = true): TestSdk {
  if (replace) disableSdk();
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    exporter,
    tracerProvider,
    meterProvider,
    spans: () => exporter.getFinishedSpans(),
    async points(name) {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .filter((metric) => metric.descriptor.name === name)
        .flatMap((metric) => metric.dataPoints as DataPoint<unknown>[]);
    },
    async shutdown() {
      disableSdk();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** Back to no SDK at all: every OpenTelemetry call a no-op. */
export function disableSdk(): void {
  trace.disable();
  metrics.disable();
  context.disable();
  propagation.disable();
}

/** A span's parent span id. */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** A span's own id. */
export function idOf(span: ReadableSpan): string {
  return span.spanContext().spanId;
}
