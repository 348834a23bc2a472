import { type MockAgnes, type MockAgnesOptions, startMockAgnes } from '@agnes-errors/testing';
import { adapters, type BenchRequest, type Contender, ours, peers, reaches } from './contenders.ts';
import { fixed, percentile, pool, table } from './stats.ts';

const chat: BenchRequest = {
  method: 'POST',
  path: '/chat/completions',
  body: { model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] },
};

/** Runs one contender against a fresh mock server. */
async function against<T>(
  server: MockAgnesOptions,
  make: (baseURL: string) => Contender,
  run: (contender: Contender, mock: MockAgnes) => Promise<T>,
): Promise<T & { name: string; ours: boolean }> {
  const mock = await startMockAgnes(server);
  try {
    const contender = make(mock.baseURL);
    return { ...(await run(contender, mock)), name: contender.name, ours: contender.ours };
  } finally {
    await mock.close();
  }
}

type Maker = (baseURL: string) => Contender;
const peerMakers: Maker[] = peers('http://127.0.0.1').map(
  (_, index) => (baseURL: string) => peers(baseURL)[index] as Contender,
);

/** RPM storm: N calls from C workers against an RPM limit that answers 429 without Retry-After. */
export async function rpmStorm(progress: (text: string) => void): Promise<string> {
  const total = 60;
  const workers = 10;
  const limit = 20;
  const windowMs = 3000;
  const minimumMs = (Math.ceil(total / limit) - 1) * windowMs;
  const paced = { rpm: limit, rpmWindowMs: windowMs };
  const makers: Maker[] = [
    ...adapters.map((client) => (baseURL: string) => ours(client, baseURL, paced, ` (rpm ${limit})`)),
    (baseURL: string) => ours('openai', baseURL, { rpmWindowMs: windowMs }, ' (no rpm: learns the limit)'),
    ...peerMakers,
  ];
  const rows = [];
  for (const make of makers) {
    const result = await against({ rpm: limit, rpmWindowMs: windowMs }, make, async (contender, mock) => {
      progress(`RPM storm: ${contender.name}`);
      const started = Date.now();
      const outcomes = await pool(total, workers, () => contender.send(chat));
      const wallMs = Date.now() - started;
      const successes = outcomes.filter(Boolean).length;
      const limited = mock.requests.filter((request) => request.status === 429).length;
      return { successes, wallMs, limited, attempts: mock.requests.length };
    });
    rows.push(result);
  }
  const body = rows.map((row) => [
    row.name,
    `${fixed((100 * row.successes) / total, 0)}%`,
    fixed(row.wallMs / 1000),
    fixed(row.wallMs / minimumMs, 2),
    row.limited,
    `${fixed((100 * row.limited) / Math.max(1, row.attempts), 1)}%`,
    fixed(row.attempts / Math.max(1, row.successes), 2),
  ]);
  const bestPeer = rows.filter((row) => !row.ours).sort((a, b) => b.successes - a.successes)[0];
  const worstOurs = rows
    .filter((row) => row.ours && row.name.includes('rpm '))
    .sort((a, b) => a.successes - b.successes)[0];
  return [
    `### RPM storm: ${total} chat calls from ${workers} workers, limit ${limit} per ${windowMs / 1000} s window, 429s without Retry-After`,
    `Theoretical minimum wall time: ${minimumMs / 1000} s (${Math.ceil(total / limit)} windows).`,
    '',
    table(
      [
        'contender',
        'completed',
        'wall s',
        'wall / minimum',
        '429s',
        '429 share of attempts',
        'attempts per success',
      ],
      body,
    ),
    '',
    `Ours (worst paced adapter) vs best peer, completion: ${worstOurs?.successes ?? 0}/${total} vs ${bestPeer?.successes ?? 0}/${total} (${fixed((worstOurs?.successes ?? 0) / Math.max(1, bestPeer?.successes ?? 0), 2)}x).`,
  ].join('\n');
}

/** Brownout: 30% of calls fail with 502/503/520/522 at random (seeded). */
export async function brownout(progress: (text: string) => void): Promise<string> {
  const total = 100;
  const workers = 10;
  const makers: Maker[] = [
    ...adapters.map((client) => (baseURL: string) => ours(client, baseURL)),
    ...peerMakers,
  ];
  const rows = [];
  for (const make of makers) {
    const result = await against(
      { faults: { rate: 0.3, statuses: [502, 503, 520, 522], seed: 42 } },
      make,
      async (contender, mock) => {
        progress(`Brownout: ${contender.name}`);
        const latencies: number[] = [];
        const outcomes = await pool(total, workers, async () => {
          const started = Date.now();
          const ok = await contender.send(chat);
          latencies.push(Date.now() - started);
          return ok;
        });
        return { successes: outcomes.filter(Boolean).length, latencies, attempts: mock.requests.length };
      },
    );
    rows.push(result);
  }
  const body = rows.map((row) => [
    row.name,
    `${row.successes}%`,
    percentile(row.latencies, 0.5),
    percentile(row.latencies, 0.95),
    fixed(row.attempts / total, 2),
  ]);
  const bestPeer = rows.filter((row) => !row.ours).sort((a, b) => b.successes - a.successes)[0];
  const worstOurs = rows.filter((row) => row.ours).sort((a, b) => a.successes - b.successes)[0];
  return [
    `### Brownout: ${total} chat calls from ${workers} workers, 30% answered 502/503/520/522 (seeded)`,
    '',
    table(['contender', 'succeeded', 'p50 ms', 'p95 ms', 'attempts per call'], body),
    '',
    `Ours (worst adapter) vs best peer, success: ${worstOurs?.successes ?? 0}% vs ${bestPeer?.successes ?? 0}%.`,
  ].join('\n');
}

/** Hard failures: retrying them only adds load. Ideal: 1 attempt each. */
export async function hardFailures(progress: (text: string) => void): Promise<string> {
  const cases: { label: string; server: MockAgnesOptions; request: BenchRequest }[] = [
    { label: '401', server: { script: { '*': Array(10).fill({ status: 401 }) } }, request: chat },
    { label: '402', server: { script: { '*': Array(10).fill({ status: 402 }) } }, request: chat },
    { label: '404 (/v1/v1)', server: {}, request: { ...chat, path: '/v1/chat/completions' } },
    {
      label: '500 image size',
      server: {},
      request: {
        method: 'POST',
        path: '/images/generations',
        body: { model: 'agnes-image-2.1-flash', prompt: 'x', size: '1000x1000' },
      },
    },
  ];
  const makers: Maker[] = [
    ...adapters.map((client) => (baseURL: string) => ours(client, baseURL, { baseDelayMs: 50 })),
    ...peerMakers,
  ];
  const rows: (string | number)[][] = [];
  for (const make of makers) {
    const attempts: number[] = [];
    let name = '';
    for (const hardCase of cases) {
      const result = await against(hardCase.server, make, async (contender, mock) => {
        progress(`Hard failures: ${contender.name} ${hardCase.label}`);
        if (!reaches(contender, hardCase.request)) return { attempts: Number.NaN };
        await contender.send(hardCase.request);
        return { attempts: mock.requests.length };
      });
      name = result.name;
      attempts.push(result.attempts);
    }
    // A case the contender cannot send (a chat model has no image call) is n/a, left out of the mean.
    const sent = attempts.filter((value) => !Number.isNaN(value));
    rows.push([
      name,
      ...attempts.map((value) => (Number.isNaN(value) ? 'n/a' : value)),
      fixed(sent.reduce((sum, value) => sum + value, 0) / Math.max(1, sent.length), 2),
    ]);
  }
  return [
    '### Hard failures: attempts per call (ideal: 1)',
    '',
    table(['contender', ...cases.map((hardCase) => hardCase.label), 'mean'], rows),
  ].join('\n');
}

/** A video task whose creation answered 504: resubmitting creates and bills a second task. */
export async function taskTimeout(progress: (text: string) => void): Promise<string> {
  const request: BenchRequest = {
    method: 'POST',
    path: '/videos',
    body: { model: 'agnes-video-v2.0', prompt: 'waves', size: '1280x704' },
  };
  const makers: Maker[] = [
    ...adapters.map((client) => (baseURL: string) => ours(client, baseURL, { baseDelayMs: 50 })),
    ...peerMakers,
  ];
  const rows: (string | number)[][] = [];
  for (const make of makers) {
    const result = await against(
      { script: { 'POST /v1/videos': [{ status: 504 }] } },
      make,
      async (contender, mock) => {
        progress(`Task 504: ${contender.name}`);
        if (!reaches(contender, request)) return { submissions: Number.NaN };
        await contender.send(request);
        return { submissions: mock.requestsTo('POST /v1/videos').length };
      },
    );
    // The AI SDK has no call that creates a video task.
    if (Number.isNaN(result.submissions)) rows.push([result.name, 'n/a', 'n/a']);
    else rows.push([result.name, result.submissions, result.submissions - 1]);
  }
  return [
    '### Video task creation answered 504 (ideal: 0 duplicate submissions)',
    '',
    table(['contender', 'submissions', 'duplicates'], rows),
  ].join('\n');
}
