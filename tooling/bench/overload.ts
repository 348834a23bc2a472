import { type OverloadModel, startMockAgnes } from '@agnes-errors/testing';
import { type BenchRequest, type Contender, ours, peers } from './contenders.ts';
import { fixed, percentile, pool, table } from './stats.ts';

const chat: BenchRequest = {
  method: 'POST',
  path: '/chat/completions',
  body: { model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] },
};

/**
 * The provider at peak hours, as the mock models it: each request it works on adds 10 ms to every
 * other, and past 10 at once the gateway waits 300 ms and answers 504 (the work wasted).
 */
export const overloadModel: OverloadModel = {
  baseLatencyMs: 20,
  perRequestMs: 10,
  queueLimit: 10,
  gatewayTimeoutMs: 300,
};

type Maker = (baseURL: string) => Contender;

/**
 * Overload: 200 chat calls from 50 workers against a provider that slows down with load and answers
 * 504 past its queue. Goodput is successful calls per second of wall time.
 */
export async function overloadStorm(progress: (text: string) => void): Promise<string> {
  const total = 200;
  const workers = 50;
  const makers: Maker[] = [
    (baseURL) => ours('openai', baseURL, { maxConcurrency: 'auto' }, " (maxConcurrency 'auto')"),
    (baseURL) => ours('fetch', baseURL, { maxConcurrency: 'auto' }, " (maxConcurrency 'auto')"),
    (baseURL) => ours('openai', baseURL, { maxConcurrency: 10 }, ' (maxConcurrency 10)'),
    (baseURL) => ours('openai', baseURL, {}, ' (uncapped, the default)'),
    ...peers('http://127.0.0.1').map((_, index) => (baseURL: string) => peers(baseURL)[index] as Contender),
  ];
  const rows = [];
  for (const make of makers) {
    const mock = await startMockAgnes({ overload: overloadModel });
    try {
      const contender = make(mock.baseURL);
      progress(`Overload: ${contender.name}`);
      const latencies: number[] = [];
      const started = Date.now();
      const outcomes = await pool(total, workers, async () => {
        const callStarted = Date.now();
        const ok = await contender.send(chat);
        if (ok) latencies.push(Date.now() - callStarted);
        return ok;
      });
      const wallMs = Date.now() - started;
      const successes = outcomes.filter(Boolean).length;
      rows.push({
        name: contender.name,
        ours: contender.ours,
        auto: contender.name.includes("'auto'"),
        uncapped: contender.name.includes('uncapped'),
        successes,
        goodput: successes / (wallMs / 1000),
        wallMs,
        p95: percentile(latencies, 0.95),
        gatewayTimeouts: mock.requests.filter((request) => request.status === 504).length,
        attempts: mock.requests.length,
        peak: mock.peakWorking,
      });
    } finally {
      await mock.close();
    }
  }
  const body = rows.map((row) => [
    row.name,
    `${row.successes}/${total}`,
    fixed(row.goodput, 1),
    fixed(row.wallMs / 1000),
    row.p95,
    row.gatewayTimeouts,
    fixed(row.attempts / Math.max(1, row.successes), 2),
    total - row.successes,
    row.peak,
  ]);
  const bestPeer = rows.filter((row) => !row.ours).sort((a, b) => b.goodput - a.goodput)[0];
  const uncapped = rows.find((row) => row.uncapped);
  const worstAuto = rows.filter((row) => row.auto).sort((a, b) => a.goodput - b.goodput)[0];
  const ratio = (a: number | undefined, b: number | undefined): string =>
    fixed((a ?? 0) / Math.max(0.001, b ?? 0), 2);
  return [
    `### Overload: ${total} chat calls from ${workers} workers; the provider adds ${overloadModel.perRequestMs} ms per request it works on and answers 504 after ${overloadModel.gatewayTimeoutMs} ms past ${overloadModel.queueLimit} at once`,
    '',
    table(
      [
        'contender',
        'completed',
        'goodput calls/s',
        'wall s',
        'p95 ms',
        '504s',
        'attempts per success',
        'lost calls',
        'most in flight at the server',
      ],
      body,
    ),
    '',
    `Ours 'auto' (the worse of two clients) vs best peer (${bestPeer?.name ?? 'none'}), goodput: ${ratio(worstAuto?.goodput, bestPeer?.goodput)}x; vs ours uncapped: ${ratio(worstAuto?.goodput, uncapped?.goodput)}x.`,
  ].join('\n');
}
