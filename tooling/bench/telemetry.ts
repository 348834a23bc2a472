import { agnesFetch } from '@agnes-errors/core';
import { agnesTelemetry } from '@agnes-errors/otel';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { SimpleSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import { fixed, table } from './stats.ts';

const answer = '{"object":"chat.completion","choices":[]}';
const host = 'agnes.bench.invalid';
const url = `http://${host}/v1/chat/completions`;
const init: RequestInit = {
  method: 'POST',
  // A key, as every real call carries: preflight would refuse a call without one before sending.
  headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench000000000000000000000' },
  body: JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'Say hello' }] }),
};
const fakeFetch: typeof fetch = async () =>
  new Response(answer, { status: 200, headers: { 'content-type': 'application/json' } });

/** An exporter that drops what it is given: the SDK's own work is timed, not an exporter's I/O. */
const dropping: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
};

/** A reader never collected: instruments record into the SDK's aggregations, as between exports. */
class IdleReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

type Call = () => Promise<unknown>;

/** CPU time per call in µs: differences of a few µs survive a loaded machine, wall time does not. */
async function timePerCall(call: Call, count: number): Promise<number> {
  const started = process.cpuUsage();
  for (let index = 0; index < count; index += 1) await call();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / count;
}

/**
 * What `agnesTelemetry()` adds to a successful call (one attempt: a call span, an attempt span, the
 * duration metric), with no OpenTelemetry SDK registered and with the SDK on, against `agnesFetch`
 * without it and the bare fetch. Transport-free: the fetch answers at once.
 */
export async function telemetryOverhead(
  progress: (text: string) => void,
  rounds = 30,
  perRound = 1000,
): Promise<string> {
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: dropping })],
  });
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  const plain = agnesFetch({ fetch: fakeFetch, hosts: [host] });
  // Nothing registered globally: the global providers are OpenTelemetry's no-ops.
  const off = agnesFetch({ fetch: fakeFetch, hosts: [host], ...agnesTelemetry() });
  const on = agnesFetch({
    fetch: fakeFetch,
    hosts: [host],
    ...agnesTelemetry({ tracerProvider, meterProvider }),
  });
  const contenders: [string, Call][] = [
    ['bare fetch', () => fakeFetch(url, init).then((response) => response.text())],
    ['agnesFetch', () => plain(url, init).then((response) => response.text())],
    [
      'agnesFetch + agnesTelemetry(), no SDK registered',
      () => off(url, init).then((response) => response.text()),
    ],
    ['agnesFetch + agnesTelemetry(), SDK on', () => on(url, init).then((response) => response.text())],
  ];
  const times = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  for (const [, call] of contenders) await timePerCall(call, 2000);
  for (let round = 0; round < rounds; round += 1) {
    progress(`Telemetry overhead: round ${round + 1} of ${rounds}`);
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const [name, call] of order) times.get(name)?.push(await timePerCall(call, perRound));
  }
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  const best = (name: string): number => Math.min(...(times.get(name) ?? [Number.NaN]));
  const bare = best('bare fetch');
  const plainBest = best('agnesFetch');
  const rows = contenders.map(([name]) => [
    name,
    fixed(best(name), 1),
    fixed(best(name) - bare, 1),
    name === 'bare fetch' ? '-' : fixed(best(name) - plainBest, 1),
  ]);
  return [
    `### Telemetry: added CPU time of a successful call (POST chat, transport answering at once; best of ${rounds} interleaved rounds of ${perRound})`,
    '',
    'With the SDK on, each call makes a call span, an attempt span and a duration data point (spans go to an exporter that drops them). With no SDK registered every OpenTelemetry call is a no-op; what remains is core building the call events.',
    '',
    table(['contender', 'CPU µs/call', 'added vs bare fetch µs', 'added vs agnesFetch µs'], rows),
  ].join('\n');
}
