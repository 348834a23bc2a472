import { type ChildProcess, spawn } from 'node:child_process';
import { agnesFetch } from '@agnes-errors/core';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { benchKey, type Contender, ours, peers } from './contenders.ts';
import { fixed, pool, table } from './stats.ts';

const chat = {
  method: 'POST' as const,
  path: '/chat/completions',
  body: { model: 'agnes-2.5-flash', messages: [{ role: 'user' as const, content: 'hi' }] },
};

/** 429s in the first burst (before the first pause ended) and after it. */
function split429s(mock: MockAgnes, windowMs: number): { burst: number; after: number } {
  const limited = mock.requests.filter((request) => request.status === 429);
  const first = limited[0]?.time ?? 0;
  const burst = limited.filter((request) => request.time - first < windowMs / 2).length;
  return { burst, after: limited.length - burst };
}

/**
 * Hidden limits: the server enforces a limit the client is not told (20, 40 and 1000 per window,
 * 429s without Retry-After or limit headers); the client learns it. Against the same client told
 * the limit (`rpm`), and the best peer.
 */
export async function hiddenLimits(progress: (text: string) => void): Promise<string> {
  const windowMs = 3000;
  const rows: (string | number)[][] = [];
  for (const [limit, workers] of [
    [20, 10],
    [40, 10],
    [1000, 100],
  ] as const) {
    const total = limit * 3;
    const minimumMs = 2 * windowMs;
    const makers: [string, (baseURL: string) => Contender][] = [
      ['agnes + fetch, not told (learns)', (url) => ours('fetch', url, { rpmWindowMs: windowMs })],
      ['agnes + fetch, told (rpm)', (url) => ours('fetch', url, { rpm: limit, rpmWindowMs: windowMs })],
      ['openai SDK defaults', (url) => peers(url)[3] as Contender],
    ];
    for (const [name, make] of makers) {
      progress(`Hidden limit ${limit}: ${name}`);
      const mock = await startMockAgnes({ rpm: limit, rpmWindowMs: windowMs, auth: false });
      try {
        const contender = make(mock.baseURL);
        const started = Date.now();
        const outcomes = await pool(total, workers, () => contender.send(chat));
        const wallMs = Date.now() - started;
        const { burst, after } = split429s(mock, windowMs);
        rows.push([
          `${limit} per ${windowMs / 1000} s, ${total} calls, ${workers} workers`,
          name,
          `${fixed((100 * outcomes.filter(Boolean).length) / total, 0)}%`,
          fixed(wallMs / minimumMs, 2),
          burst,
          after,
        ]);
      } finally {
        await mock.close();
      }
    }
  }
  return [
    '### Hidden limits: the server enforces a limit the client is not told (429s without Retry-After or limit headers)',
    '',
    `Each run sends 3 windows' worth of chat calls; the minimum wall time is 2 windows (${(2 * windowMs) / 1000} s). "First burst" counts the 429s of the requests already in flight when the first 429 came back (at most one per worker); "after" counts every later one.`,
    '',
    table(
      ['server limit, load', 'contender', 'completed', 'wall / minimum', '429s, first burst', '429s after'],
      rows,
    ),
  ].join('\n');
}

/** Busy loops in child processes: the machine's cores are taken, as on a loaded host. */
export function busyLoops(count: number): ChildProcess[] {
  return Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
}

/** 2,000 calls at once at rpm 1000, on an idle machine and beside four busy loops. */
export async function lagStorm(progress: (text: string) => void): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const loops of [0, 4]) {
    progress(`Lag storm: ${loops} busy loops`);
    const children = busyLoops(loops);
    const mock = await startMockAgnes({ rpm: 1000, rpmWindowMs: 1000, auth: false });
    try {
      const fetcher = agnesFetch({ baseURL: mock.baseURL, rpm: 1000, rpmWindowMs: 1000, baseDelayMs: 50 });
      const started = Date.now();
      const statuses = await Promise.all(
        Array.from({ length: 2000 }, () =>
          fetcher(`${mock.baseURL}/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${benchKey}`, 'content-type': 'application/json' },
            body: JSON.stringify(chat.body),
          }).then((response) => response.status),
        ),
      );
      const wallMs = Date.now() - started;
      const limited = mock.requests.filter((request) => request.status === 429).length;
      const arrivals = mock.requests.map((request) => request.time);
      const spread = (arrivals[999] ?? 0) - (arrivals[0] ?? 0);
      rows.push([
        loops,
        `${statuses.filter((status) => status === 200).length} / 2000`,
        limited,
        `${fixed((100 * limited) / mock.requests.length, 2)}%`,
        spread,
        fixed(wallMs / 1000),
      ]);
    } finally {
      await mock.close();
      for (const child of children) child.kill();
    }
  }
  return [
    '### Lag: 2,000 concurrent chat calls at rpm 1000 per 1 s window, mock server in the same process',
    '',
    'The first 1,000 requests take the slots at once but reach the server over hundreds of milliseconds (the "arrival spread"). Each slot counts from its answer, so the second thousand waits for the server\'s window, however late the first arrived.',
    '',
    table(
      [
        'busy loops beside it',
        'succeeded',
        '429s',
        '429 share of requests',
        'arrival spread of the first 1,000, ms',
        'wall s',
      ],
      rows,
    ),
  ].join('\n');
}
