import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { classify } from '@agnes-errors/core';
import { type BenchRequest, type Contender, direct, httpClients } from './contenders.ts';
import { fixed, median, percentile, table } from './stats.ts';

const models: BenchRequest = { method: 'GET', path: '/models' };

interface RoundSample {
  /** Requests per second over the round. */
  readonly rate: number;
  /** Client-process CPU time per request, µs. */
  readonly cpu: number;
  /** Latency of each request, ms. */
  readonly latencies: number[];
}

/** One round of sequential requests by one contender. */
async function round(contender: Contender, count: number): Promise<RoundSample> {
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < count; index += 1) {
    const sent = performance.now();
    if (!(await contender.send(models))) throw new Error(`${contender.name} failed on the success path`);
    latencies.push(performance.now() - sent);
  }
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { rate: (count / elapsed) * 1000, cpu: (cpu.user + cpu.system) / count, latencies };
}

/**
 * Success-path overhead: each adapter vs its bare client against the same server. Every round runs
 * every pair back to back (order alternating), and the ratio is taken within the round, so drift of
 * this shared machine cancels out; the table gives the median of those paired ratios and their
 * interquartile range.
 */
export async function overhead(
  progress: (text: string) => void,
  rounds = 31,
  perRound = 200,
): Promise<string> {
  const mock = await mockInAnotherProcess();
  try {
    const baseline = direct(mock.baseURL);
    const withAgnes = direct(mock.baseURL, {});
    // A/A controls: the bare client against a second bare instance of itself. Their ratios show what
    // this machine reports for no difference at all, the floor below which a ratio means nothing.
    const controls = direct(mock.baseURL);
    const pairs: [Contender, Contender][] = [
      ...httpClients.map((client): [Contender, Contender] => [baseline[client], withAgnes[client]]),
      ...httpClients.map((client): [Contender, Contender] => [
        baseline[client],
        { ...controls[client], name: `control: ${client} (A/A)` },
      ]),
    ];
    // Warm up sockets and JIT for every contender before measuring.
    for (const pair of pairs) for (const contender of pair) await round(contender, 100);
    const samples = pairs.map(() => ({ bare: [] as RoundSample[], ours: [] as RoundSample[] }));
    for (let index = 0; index < rounds; index += 1) {
      progress(`Overhead: round ${index + 1}/${rounds}`);
      for (const [pairIndex, [bareClient, wrapped]] of pairs.entries()) {
        const sample = samples[pairIndex];
        if (!sample) continue;
        // Alternate the order each round so neither side always runs on a warmer process.
        if (index % 2 === 0) {
          sample.bare.push(await round(bareClient, perRound));
          sample.ours.push(await round(wrapped, perRound));
        } else {
          sample.ours.push(await round(wrapped, perRound));
          sample.bare.push(await round(bareClient, perRound));
        }
      }
    }
    const rows = pairs.map(([bareClient, wrapped], index) => {
      const sample = samples[index] ?? { bare: [], ours: [] };
      // Within one round: typical (median) latency of bare over ours, i.e. our speed relative to bare.
      const speed = sample.ours.map(
        (oursRound, at) => median(sample.bare[at]?.latencies ?? []) / median(oursRound.latencies),
      );
      const throughput = sample.ours.map(
        (oursRound, at) => oursRound.rate / (sample.bare[at]?.rate ?? Number.NaN),
      );
      const cpuAdded = sample.ours.map(
        (oursRound, at) => oursRound.cpu - (sample.bare[at]?.cpu ?? Number.NaN),
      );
      const microseconds = (entries: readonly RoundSample[], fraction: number): string =>
        fixed(
          percentile(
            entries.flatMap((entry) => entry.latencies),
            fraction,
          ) * 1000,
          0,
        );
      return [
        wrapped.ours ? `${wrapped.name} vs ${bareClient.name}` : `${wrapped.name}`,
        `${microseconds(sample.bare, 0.5)} / ${microseconds(sample.bare, 0.99)}`,
        `${microseconds(sample.ours, 0.5)} / ${microseconds(sample.ours, 0.99)}`,
        `**${fixed(median(speed) * 100, 1)}%** (${fixed(percentile(speed, 0.25) * 100, 1)}-${fixed(percentile(speed, 0.75) * 100, 1)}%)`,
        `${fixed(median(sample.bare.map((entry) => entry.rate)), 0)} / ${fixed(median(sample.ours.map((entry) => entry.rate)), 0)}`,
        `${fixed(median(throughput) * 100, 1)}% (${fixed(percentile(throughput, 0.25) * 100, 0)}-${fixed(percentile(throughput, 0.75) * 100, 0)}%)`,
        fixed(median(cpuAdded), 0),
      ];
    });
    return [
      `### Success-path overhead: sequential GET /v1/models to the mock server in another process, each client called the same way bare and with the adapter, ${rounds} interleaved rounds of ${perRound} requests per contender`,
      '',
      'Each round runs every pair back to back (order alternating), and ratios are taken within a round so the drift of this shared 2-core machine cancels out. "ours / bare, typical request" is the median over rounds of (bare median latency / our median latency): 100% means no measurable cost, 97% means 3% slower. The control rows measure a bare client against another instance of itself. Requests per second are dominated by occasional stalls of the machine, so their per-round ratio spreads widely; the interquartile range is in brackets.',
      '',
      table(
        [
          'pair',
          'bare latency p50 / p99 µs',
          'with Agnes latency p50 / p99 µs',
          'ours / bare, typical request',
          'req/s bare / with Agnes',
          'ours / bare, req/s',
          'added CPU µs/req',
        ],
        rows,
      ),
      '',
      classifyCost(),
    ].join('\n');
  } finally {
    mock.close();
  }
}

/**
 * The mock server in a child process (its CLI), so the server's work does not share the event loop
 * and CPU time with the clients being measured.
 */
async function mockInAnotherProcess(): Promise<{ baseURL: string; close: () => void }> {
  const cli = fileURLToPath(new URL('../../packages/testing/src/cli.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=agnes-source', cli, '--port', '0', '--no-auth'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseURL = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /base URL (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
  });
  return { baseURL, close: () => child.kill() };
}

/** Cost of one `classify` call on a typical provider failure. */
function classifyCost(iterations = 50_000): string {
  const failure = {
    status: 429,
    method: 'POST',
    url: 'https://apihub.agnes-ai.com/v1/chat/completions',
    requestHeaders: {
      authorization: 'Bearer sk-bench000000000000000000000',
      'content-type': 'application/json',
    },
    requestBody: '{"model":"agnes-2.5-flash","messages":[{"role":"user","content":"hi"}]}',
    responseHeaders: { 'x-oneapi-request-id': '20261128' },
    responseBody:
      '{"error":{"message":"您已达到请求数限制：1分钟内最多请求20次 (request id: 20261128)","type":"new_api_error"}}',
  };
  for (let index = 0; index < 2000; index += 1) classify(failure);
  const started = performance.now();
  for (let index = 0; index < iterations; index += 1) classify(failure);
  const microseconds = ((performance.now() - started) * 1000) / iterations;
  return `classify() on a provider 429: ${fixed(microseconds, 1)} µs per call (${iterations} calls). It runs only on failures.`;
}
