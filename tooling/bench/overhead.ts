import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { classify } from '@agnes-errors/core';
import { adapters, type BenchRequest, bare, type Contender, ours } from './contenders.ts';
import { fixed, table } from './stats.ts';

const models: BenchRequest = { method: 'GET', path: '/models' };

/** Sequential requests per second of one contender, and the client's CPU time per request in µs. */
async function throughput(contender: Contender, count: number): Promise<{ rate: number; cpu: number }> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let index = 0; index < count; index += 1) {
    if (!(await contender.send(models))) throw new Error(`${contender.name} failed on the success path`);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { rate: (count / (performance.now() - started)) * 1000, cpu: (cpu.user + cpu.system) / count };
}

/** Success-path overhead: each adapter vs its bare client, same server, interleaved rounds. */
export async function overhead(
  progress: (text: string) => void,
  rounds = 7,
  perRound = 500,
): Promise<string> {
  const mock = await mockInAnotherProcess();
  try {
    const baseline = bare(mock.baseURL);
    const pairs: [Contender, Contender][] = adapters.map((client) => [
      baseline[client],
      ours(client, mock.baseURL),
    ]);
    // Warm up sockets and JIT for every contender before measuring.
    for (const pair of pairs) for (const contender of pair) await throughput(contender, 50);
    const samples = pairs.map(() => ({
      bare: [] as number[],
      ours: [] as number[],
      bareCpu: [] as number[],
      oursCpu: [] as number[],
    }));
    for (let round = 0; round < rounds; round += 1) {
      progress(`Overhead: round ${round + 1}/${rounds}`);
      for (const [index, [bare, wrapped]] of pairs.entries()) {
        // Alternate the order each round so neither side always runs on a warmer process.
        const order = round % 2 === 0 ? [bare, wrapped] : [wrapped, bare];
        for (const contender of order) {
          const { rate, cpu } = await throughput(contender, perRound);
          const sample = samples[index];
          if (!sample) continue;
          if (contender === bare) {
            sample.bare.push(rate);
            sample.bareCpu.push(cpu);
          } else {
            sample.ours.push(rate);
            sample.oursCpu.push(cpu);
          }
        }
      }
    }
    const rows = pairs.map(([bare, wrapped], index) => {
      const sample = samples[index] ?? { bare: [], ours: [], bareCpu: [], oursCpu: [] };
      // Best of the rounds: the run least disturbed by the rest of the machine (GC, the other core).
      const bareRate = Math.max(...sample.bare);
      const oursRate = Math.max(...sample.ours);
      const bareCpu = Math.min(...sample.bareCpu);
      const oursCpu = Math.min(...sample.oursCpu);
      return [
        `${wrapped.name} vs ${bare.name}`,
        fixed(bareRate, 0),
        fixed(oursRate, 0),
        `${fixed((oursRate / bareRate) * 100, 1)}%`,
        fixed(bareCpu, 0),
        fixed(oursCpu, 0),
        fixed(oursCpu - bareCpu, 0),
      ];
    });
    return [
      `### Success-path overhead: sequential GET /v1/models to the mock server in another process, best of ${rounds} interleaved rounds of ${perRound} (medians vary by about 10% on this 2-core machine)`,
      '',
      table(
        [
          'pair',
          'bare req/s',
          'with Agnes req/s',
          'ours / bare',
          'bare CPU µs/req',
          'with Agnes CPU µs/req',
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
  const child = spawn(process.execPath, ['--conditions=source', cli, '--port', '0', '--no-auth'], {
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
