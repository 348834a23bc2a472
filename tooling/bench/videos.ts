import { type AgnesVideos, agnesVideos } from '@agnes-errors/core';
import { type MockAgnes, type MockVideoOptions, startMockAgnes } from '@agnes-errors/testing';
import { benchKey } from './contenders.ts';
import { fixed, median, table } from './stats.ts';

/** One minute of the real API is one second here: limits, intervals and task durations alike. */
const scale = 60;
const windowMs = 60_000 / scale;
/** The video limit: a few requests per minute, shared by creates and polls. */
const limit = 4;
const videoCount = 10;
/** A video takes 4 minutes (scaled). */
const durationMs = 240_000 / scale;
const params = (index: number) => ({ model: 'agnes-video-2.5-flash', prompt: `kite number ${index}` });
/** Our default schedule (2 s growing to 15 s), scaled. */
const poll = { initialMs: 2000 / scale, growth: 1.5, maxMs: 15_000 / scale, jitter: 0.2 };

interface Run {
  readonly completed: number;
  readonly rateLimited: number;
  readonly polls: number;
  readonly duplicates: number;
  readonly wallMs: number;
}

function summary(mock: MockAgnes, completed: number, wallMs: number): Run {
  return {
    completed,
    rateLimited: mock.requests.filter((request) => request.status === 429).length,
    polls: mock.requestsTo('GET /agnesapi').length,
    duplicates: mock.videoTasksCreated - videoCount,
    wallMs,
  };
}

/** Ours: every video asked for twice at once (a double click), through one paced client. */
async function ours(server: MockVideoOptions, told = true): Promise<Run> {
  const mock = await startMockAgnes({ rpm: limit, rpmWindowMs: windowMs, videos: { durationMs, ...server } });
  try {
    const videos = agnesVideos({
      apiKey: benchKey,
      baseURL: mock.baseURL,
      ...(told && { rpm: limit }),
      rpmWindowMs: windowMs,
      poll,
      waitDeadlineMs: 900_000 / scale,
    });
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: videoCount * 2 }, (_, index) => videos.generate(params(index % videoCount))),
    );
    const completed = new Set(
      results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.id] : [])),
    ).size;
    return summary(mock, completed, Date.now() - started);
  } finally {
    await mock.close();
  }
}

/**
 * The loop users write by hand (and the SDK helpers run): create, then poll every 5 s (scaled), no
 * pacing; a 429 on the create is tried again at the next tick, a failed poll is skipped.
 */
async function handWritten(): Promise<Run> {
  const mock = await startMockAgnes({ rpm: limit, rpmWindowMs: windowMs, videos: { durationMs } });
  const headers = { authorization: `Bearer ${benchKey}`, 'content-type': 'application/json' };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5000 / scale));
  try {
    const started = Date.now();
    const one = async (index: number): Promise<boolean> => {
      let id: string | undefined;
      while (id === undefined) {
        const response = await fetch(`${mock.baseURL}/videos`, {
          method: 'POST',
          headers,
          body: JSON.stringify(params(index)),
        });
        if (response.ok) id = ((await response.json()) as { id: string }).id;
        else await tick();
      }
      for (let round = 0; round < 2000; round += 1) {
        await tick();
        const response = await fetch(`${mock.origin}/agnesapi?video_id=${id}`, { headers });
        if (!response.ok) continue;
        const task = (await response.json()) as { status: string };
        if (task.status === 'completed') return true;
      }
      return false;
    };
    const outcomes = await Promise.all(Array.from({ length: videoCount }, (_, index) => one(index)));
    return summary(mock, outcomes.filter(Boolean).length, Date.now() - started);
  } finally {
    await mock.close();
  }
}

/** How long `wait` takes to end after the caller's abort, its next poll a minute away (ms, each run). */
async function abortTimes(): Promise<number[]> {
  const mock = await startMockAgnes();
  try {
    const videos: AgnesVideos = agnesVideos({
      apiKey: benchKey,
      baseURL: mock.baseURL,
      poll: { initialMs: 60_000 },
    });
    const times: number[] = [];
    for (let run = 0; run < 20; run += 1) {
      const task = await videos.create(params(run));
      const controller = new AbortController();
      const waiting = videos.wait(task.id, { signal: controller.signal }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const started = performance.now();
      controller.abort();
      await waiting;
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await mock.close();
  }
}

/**
 * 10 videos at once under a video limit of 4 requests per minute shared by creates and polls
 * (scaled 60x): completed, 429s, polls per video against the fewest possible, duplicate
 * submissions, and how fast an abort ends a wait.
 */
export async function videoTasks(progress: (text: string) => void): Promise<string> {
  progress('Videos: ours, no hint');
  const plain = await ours({});
  progress('Videos: ours, with the server hint');
  const hinted = await ours({ pollAfterMs: 'remaining' });
  progress('Videos: ours, not told the limit');
  const learning = await ours({}, false);
  progress('Videos: hand-written loop');
  const naive = await handWritten();
  progress('Videos: abort');
  const aborts = await abortTimes();
  const row = (name: string, run: Run, calls: string) => [
    name,
    calls,
    `${run.completed} / ${videoCount}`,
    run.rateLimited,
    fixed(run.polls / videoCount, 1),
    run.duplicates,
    fixed((run.wallMs * scale) / 60_000, 1),
  ];
  return [
    `### Videos: ${videoCount} at once, video limit ${limit} requests per minute shared by creates and polls (scaled ${scale}x: 1 s here is 1 min)`,
    '',
    `Each video takes ${(durationMs * scale) / 60_000} minutes. "Fewest possible" is one poll per video: the one that sees it completed. Ours asks for every video twice at once (a double click: 20 calls for 10 videos) through one client with \`rpm: ${limit}\`; "with the server hint" means the create's answer and each poll carry \`openai-poll-after-ms\` (the time left). The hand-written loop polls every 5 s (the OpenAI and AI SDK helpers' interval) without pacing. Minutes are scaled back to real time. At ${limit} requests per minute the last create can only start in minute ${Math.ceil(videoCount / limit)}, so the last video cannot be seen ready before about ${Math.ceil(videoCount / limit) - 1 + (durationMs * scale) / 60_000} minutes.`,
    '',
    table(
      [
        'contender',
        'calls',
        'completed',
        '429s',
        'polls per video (fewest possible: 1)',
        'duplicate tasks',
        'wall, minutes',
      ],
      [
        row('agnesVideos, default schedule (2 s growing to 15 s)', plain, '20 generate'),
        row('agnesVideos, server hint on create and polls', hinted, '20 generate'),
        row(
          'agnesVideos, default schedule, `rpm` not set (the limit learned from 429s)',
          learning,
          '20 generate',
        ),
        row('hand-written loop, 5 s polls, no pacing', naive, '10 create + poll'),
      ],
    ),
    '',
    `Abort: \`wait\` ended ${fixed(median(aborts), 2)} ms (median; max ${fixed(Math.max(...aborts), 2)} ms over ${aborts.length} runs) after the caller's abort, with its next poll a minute away.`,
  ].join('\n');
}
