import { type Counter, type Histogram, type MeterProvider, metrics } from '@opentelemetry/api';
import { durationBuckets, metricName } from './attributes.ts';

/** The metrics one `agnesTelemetry()` records. */
export interface Instruments {
  readonly operationDuration: Histogram;
  readonly retries: Counter;
  readonly giveUps: Counter;
  readonly waitDuration: Histogram;
  readonly rateLimits: Counter;
}

function create(provider: MeterProvider, meterName: string): Instruments {
  const meter = provider.getMeter(meterName);
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
  };
}

/**
 * The instruments, made from the given meter provider, or from the global one as it is when a call
 * starts: the global meter provider is no proxy, so instruments made before an SDK registers would
 * stay no-ops forever. Made again only when the global provider changes.
 */
export function instrumentsFrom(provider: MeterProvider | undefined, meterName: string): () => Instruments {
  if (provider) {
    const fixed = create(provider, meterName);
    return () => fixed;
  }
  let madeFrom: MeterProvider | undefined;
  let made: Instruments | undefined;
  return () => {
    const current = metrics.getMeterProvider();
    if (current !== madeFrom || !made) {
      made = create(current, meterName);
      madeFrom = current;
    }
    return made;
  };
}
