import { type Counter, type Histogram, type MeterProvider, metrics } from '@opentelemetry/api';
import { durationBuckets, metricName } from './attributes.ts';

/** The metrics one `agnesTelemetry()` records. */
export interface Instruments {
  readonly operationDuration: Histogram;
  readonly retries: Counter;
  readonly giveUps: Counter;
  readonly waitDuration: Histogram;
  readonly rateLimits: Counter;
  readonly concurrencyChanges: Counter;
}

/** The last concurrency limit reported (`maxConcurrency: 'auto'`), read by the observable gauge. */
export interface ConcurrencyState {
  limit: number | undefined;
}

function create(provider: MeterProvider, meterName: string, concurrency: ConcurrencyState): Instruments {
  const meter = provider.getMeter(meterName);
  meter
    .createObservableGauge(metricName.concurrencyLimit, {
      description:
        "The concurrency limit of maxConcurrency: 'auto', as last changed (absent while uncapped).",
      unit: '{request}',
    })
    .addCallback((result) => {
      const { limit } = concurrency;
      if (limit !== undefined && Number.isFinite(limit))
        result.observe(limit, { 'gen_ai.provider.name': 'agnes' });
    });
  return {
    operationDuration: meter.createHistogram(metricName.operationDuration, {
      description: 'Duration of GenAI operations (Agnes calls), all attempts and waits included.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...durationBuckets] },
    }),
    retries: meter.createCounter(metricName.retries, {
      description: 'Attempts that failed and were retried, by the reason of the failure.',
      unit: '{retry}',
    }),
    giveUps: meter.createCounter(metricName.giveUps, {
      description: 'Calls that failed for good, by the reason of the last failure and the stop reason.',
      unit: '{call}',
    }),
    waitDuration: meter.createHistogram(metricName.waitDuration, {
      description: 'Waits inside calls (pacing, pause after a 429, backoff, Retry-After), by cause.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...durationBuckets] },
    }),
    rateLimits: meter.createCounter(metricName.rateLimits, {
      description:
        'Rate limits met: a 429 the server sent (source "server"), or a request held back by pacing (source "pacing").',
      unit: '{event}',
    }),
    concurrencyChanges: meter.createCounter(metricName.concurrencyChanges, {
      description:
        "Changes of the concurrency limit of maxConcurrency: 'auto', by why (overload, latency, healthy).",
      unit: '{change}',
    }),
  };
}

/**
 * The instruments, made from the given meter provider, or from the global one as it is when a call
 * starts: the global meter provider is no proxy, so instruments made before an SDK registers would
 * stay no-ops forever. Made again only when the global provider changes.
 */
export function instrumentsFrom(
  provider: MeterProvider | undefined,
  meterName: string,
  concurrency: ConcurrencyState,
): () => Instruments {
  if (provider) {
    const fixed = create(provider, meterName, concurrency);
    return () => fixed;
  }
  let madeFrom: MeterProvider | undefined;
  let made: Instruments | undefined;
  return () => {
    const current = metrics.getMeterProvider();
    if (current !== madeFrom || !made) {
      made = create(current, meterName, concurrency);
      madeFrom = current;
    }
    return made;
  };
}
