import { type MockAgnesOptions, startMockAgnes } from '@agnes-errors/testing';
import Anthropic from '@anthropic-ai/sdk';
import { type BenchRequest, benchKey, type Contender, ours } from './contenders.ts';
import { fixed, percentile, pool, table } from './stats.ts';

/** A Messages API call, as the Anthropic SDK makes it against Agnes's /v1/messages. */
const message: BenchRequest = {
  method: 'POST',
  path: '/messages',
  body: { model: 'agnes-2.5-flash', max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] },
};

/** The Anthropic SDK as its docs set it up: its defaults (maxRetries 2, 0.5-8 s backoff), nothing of ours. */
function sdkDefaults(baseURL: string): Contender {
  const client = new Anthropic({ baseURL: baseURL.replace(/\/v1$/, ''), apiKey: benchKey });
  return {
    name: 'Anthropic SDK defaults (maxRetries 2)',
    ours: false,
    send: () =>
      client.messages.create(message.body as never).then(
        () => true,
        () => false,
      ),
  };
}

type Maker = (baseURL: string) => Contender;

/** Runs one contender against a fresh mock server. */
async function against<T>(
  server: MockAgnesOptions,
  make: Maker,
  run: (contender: Contender, requests: () => { status: number }[]) => Promise<T>,
): Promise<T & { name: string; ours: boolean }> {
  const mock = await startMockAgnes(server);
  try {
    const contender = make(mock.baseURL);
    return { ...(await run(contender, () => mock.requests)), name: contender.name, ours: contender.ours };
  } finally {
    await mock.close();
  }
}

/** 529 brownout on /v1/messages: 30% of calls answered 529 overloaded_error at random (seeded). */
export async function anthropicBrownout(progress: (text: string) => void): Promise<string> {
  const total = 100;
  const workers = 10;
  const makers: Maker[] = [(baseURL) => ours('anthropic', baseURL), sdkDefaults];
  const rows = [];
  for (const make of makers) {
    const result = await against(
      { faults: { rate: 0.3, statuses: [529], seed: 42 } },
      make,
      async (contender, requests) => {
        progress(`529 brownout: ${contender.name}`);
        const latencies: number[] = [];
        const outcomes = await pool(total, workers, async () => {
          const started = Date.now();
          const ok = await contender.send(message);
          latencies.push(Date.now() - started);
          return ok;
        });
        return { successes: outcomes.filter(Boolean).length, latencies, attempts: requests().length };
      },
    );
    rows.push(result);
  }
  return [
    `### Anthropic SDK, 529 brownout: ${total} /v1/messages calls from ${workers} workers, 30% answered 529 overloaded_error (seeded)`,
    '',
    table(
      ['contender', 'succeeded', 'p50 ms', 'p95 ms', 'attempts per call'],
      rows.map((row) => [
        row.name,
        `${row.successes}%`,
        percentile(row.latencies, 0.5),
        percentile(row.latencies, 0.95),
        fixed(row.attempts / total, 2),
      ]),
    ),
  ].join('\n');
}

/** 429 storm on /v1/messages: a request limit answered with 429 rate_limit_error and anthropic-ratelimit-* headers. */
export async function anthropicStorm(progress: (text: string) => void): Promise<string> {
  const total = 60;
  const workers = 10;
  const limit = 20;
  const windowMs = 3000;
  const minimumMs = (Math.ceil(total / limit) - 1) * windowMs;
  const makers: Maker[] = [
    (baseURL) => ours('anthropic', baseURL, { rpm: limit, rpmWindowMs: windowMs }, ` (rpm ${limit})`),
    (baseURL) =>
      ours('anthropic', baseURL, { rpmWindowMs: windowMs }, ' (no rpm: learns the limit from the headers)'),
    sdkDefaults,
  ];
  const rows = [];
  for (const make of makers) {
    const server = { rpm: limit, rpmWindowMs: windowMs, anthropicRateLimitHeaders: true };
    const result = await against(server, make, async (contender, requests) => {
      progress(`429 storm: ${contender.name}`);
      const started = Date.now();
      const outcomes = await pool(total, workers, () => contender.send(message));
      const wallMs = Date.now() - started;
      const limited = requests().filter((request) => request.status === 429).length;
      return { successes: outcomes.filter(Boolean).length, wallMs, limited, attempts: requests().length };
    });
    rows.push(result);
  }
  return [
    `### Anthropic SDK, 429 storm: ${total} /v1/messages calls from ${workers} workers, limit ${limit} per ${windowMs / 1000} s window, 429s with anthropic-ratelimit-* headers and no Retry-After`,
    `Theoretical minimum wall time: ${minimumMs / 1000} s (${Math.ceil(total / limit)} windows).`,
    '',
    table(
      ['contender', 'completed', 'wall s', 'wall / minimum', '429s', 'attempts per success'],
      rows.map((row) => [
        row.name,
        `${fixed((100 * row.successes) / total, 0)}%`,
        fixed(row.wallMs / 1000),
        fixed(row.wallMs / minimumMs, 2),
        row.limited,
        fixed(row.attempts / Math.max(1, row.successes), 2),
      ]),
    ),
  ].join('\n');
}
