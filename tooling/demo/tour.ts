import type { AgnesReason } from '@agnes-errors/core';
import { zh } from '@agnes-errors/core/zh';
import { type MockAgnesOptions, type MockStep, startMockAgnes } from '@agnes-errors/testing';
import {
  type ClientName,
  type ClientSetup,
  type DemoOutcome,
  type DemoRequest,
  demoClient,
} from './clients.ts';
import { progress } from './output.ts';
import { type TracedCalls, tracedCalls } from './telemetry.ts';
import { runVideoStop } from './video-stop.ts';

const key = 'sk-demo0000000000000000000000';

/** What one tour stop shows: what the server saw and what the caller got. */
export interface TourResult {
  readonly title: string;
  readonly client: ClientName;
  readonly attempts: number;
  readonly rateLimited: number;
  readonly elapsedMs: number;
  readonly got: string;
  readonly ok: boolean;
}

interface Stop {
  readonly title: string;
  readonly client: ClientName;
  readonly request: DemoRequest;
  readonly server?: MockAgnesOptions;
  readonly script?: Record<string, MockStep[]>;
  readonly options?: ClientSetup['options'];
  readonly withKey?: boolean;
  readonly baseSuffix?: string;
  readonly concurrency?: number;
  /** Record the call with `agnesTelemetry()` and show its spans. */
  readonly telemetry?: boolean;
  /** A success with this many attempts (and 429s), or a failure with this reason and attempts. */
  readonly expect:
    | {
        readonly status: 200;
        readonly attempts: number;
        readonly rateLimited?: number;
        readonly model?: string;
      }
    | { readonly reason: AgnesReason; readonly attempts: number; readonly tasksCreated?: number };
}

const chat: DemoRequest = {
  method: 'POST',
  path: '/chat/completions',
  body: { model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'Hello' }] },
};
const fast = { baseDelayMs: 50, maxDelayMs: 200 };

const stops: readonly Stop[] = [
  {
    title: 'Transient 503s recovered',
    client: 'fetch',
    request: chat,
    script: { 'POST /v1/chat/completions': [{ status: 503 }, { status: 503 }] },
    expect: { status: 200, attempts: 3 },
  },
  {
    title: 'OpenTelemetry: one span per call, one per attempt (agnesTelemetry)',
    client: 'fetch',
    request: chat,
    script: { 'POST /v1/chat/completions': [{ status: 503 }] },
    telemetry: true,
    expect: { status: 200, attempts: 2 },
  },
  {
    title: '429 storm paced: 30 concurrent calls, limit 10 per 1 s',
    client: 'axios',
    request: chat,
    server: { rpm: 10, rpmWindowMs: 1000 },
    options: { rpm: 10, rpmWindowMs: 1000 },
    concurrency: 30,
    expect: { status: 200, attempts: 30, rateLimited: 0 },
  },
  {
    title: '429 without Retry-After: the client waits out the window',
    client: 'ky',
    request: chat,
    server: { rpm: 1, rpmWindowMs: 800 },
    options: { rpmWindowMs: 800 },
    concurrency: 2,
    expect: { status: 200, attempts: 3, rateLimited: 1 },
  },
  {
    title: '401: no API key sent',
    client: 'got',
    request: chat,
    withKey: false,
    // The server's diagnosis (preflight, on by default, refuses this before sending: see its stop).
    options: { preflight: 'off' },
    expect: { reason: 'missing_authorization', attempts: 1 },
  },
  {
    title: 'Base URL ending in /v1/v1',
    client: 'openai',
    request: chat,
    baseSuffix: '/v1',
    options: { preflight: 'off' },
    expect: { reason: 'duplicated_v1', attempts: 1 },
  },
  {
    title: '402: balance used up, never retried',
    client: 'axios',
    request: chat,
    script: { '*': [{ status: 402 }] },
    expect: { reason: 'insufficient_quota', attempts: 1 },
  },
  {
    title: '500 about image size: a parameter fault, not retried',
    client: 'openai',
    request: {
      method: 'POST',
      path: '/images/generations',
      body: { model: 'agnes-image-2.1-flash', prompt: 'a red fox', size: '1000x1000' },
    },
    options: { preflight: 'off' },
    expect: { reason: 'image_size_not_multiple_of_16', attempts: 1 },
  },
  {
    title: 'Video task 504: not resubmitted, no second bill',
    client: 'got',
    request: {
      method: 'POST',
      path: '/videos',
      body: { model: 'agnes-video-v2.0', prompt: 'waves', size: '1280x704' },
    },
    script: { 'POST /v1/videos': [{ status: 504 }] },
    expect: { reason: 'gateway_timeout', attempts: 1 },
  },
  {
    title: 'Unrouted model: falls back to the next model',
    client: 'openai',
    request: { ...chat, body: { ...chat.body, model: 'agnes-9-pro' } },
    options: { fallbackModels: ['agnes-2.5-flash'] },
    expect: { status: 200, attempts: 2, model: 'agnes-2.5-flash' },
  },
  {
    title: 'Anthropic SDK, /v1/messages: two 529 brownouts recovered',
    client: 'anthropic',
    request: {
      method: 'POST',
      path: '/messages',
      body: { model: 'agnes-2.5-flash', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] },
    },
    script: { 'POST /v1/messages': [{ status: 529 }, { status: 529 }] },
    expect: { status: 200, attempts: 3, model: 'agnes-2.5-flash' },
  },
  {
    title: 'AI SDK generateText, 503 storm: 4 attempts, not 3 x 4',
    client: 'ai-sdk',
    request: chat,
    script: { 'POST /v1/chat/completions': Array(12).fill({ status: 503 }) },
    expect: { reason: 'service_unavailable', attempts: 4 },
  },
  {
    title: 'LangChain ChatAgnes, 503 storm: 4 attempts, not 7 x 4',
    client: 'langchain',
    request: chat,
    script: { 'POST /v1/chat/completions': Array(28).fill({ status: 503 }) },
    expect: { reason: 'service_unavailable', attempts: 4 },
  },
  {
    title: 'Chinese provider message, Chinese diagnosis',
    client: 'ky',
    request: { ...chat, body: { ...chat.body, n: 2 } },
    server: { locale: 'zh' },
    options: { locale: zh, preflight: 'off' },
    expect: { reason: 'n_must_be_1', attempts: 1 },
  },
  {
    title: 'Preflight: max_tokens 100000 refused, nothing sent',
    client: 'axios',
    request: { ...chat, body: { ...chat.body, max_tokens: 100_000 } },
    expect: { reason: 'max_tokens_too_large', attempts: 0 },
  },
  {
    title: "Same request, preflight 'off': 1 slot spent, same reason",
    client: 'axios',
    request: { ...chat, body: { ...chat.body, max_tokens: 100_000 } },
    options: { preflight: 'off' },
    expect: { reason: 'max_tokens_too_large', attempts: 1 },
  },
];

function meetsExpectation(
  stop: Stop,
  outcomes: readonly DemoOutcome[],
  attempts: number,
  rateLimited: number,
): boolean {
  const expected = stop.expect;
  if ('status' in expected) {
    return (
      outcomes.every((outcome) => outcome.ok) &&
      attempts === expected.attempts &&
      (expected.rateLimited === undefined || rateLimited === expected.rateLimited) &&
      (expected.model === undefined || outcomes[0]?.model === expected.model)
    );
  }
  return (
    outcomes.every((outcome) => !outcome.ok && outcome.info?.reason === expected.reason) &&
    attempts === expected.attempts
  );
}

async function runStop(stop: Stop): Promise<TourResult> {
  const mock = await startMockAgnes({ ...stop.server, ...(stop.script && { script: stop.script }) });
  const traced: TracedCalls | undefined = stop.telemetry ? tracedCalls() : undefined;
  try {
    const send = demoClient(stop.client, {
      baseURL: `${mock.baseURL}${stop.baseSuffix ?? ''}`,
      apiKey: stop.withKey === false ? undefined : key,
      options: {
        ...fast,
        ...stop.options,
        ...traced?.events,
        onWait: ({ waitMs }) =>
          progress(`  waiting ${(waitMs / 1000).toFixed(1)} s for the rate-limit window...`),
        onRetry: (event) => {
          traced?.events.onRetry(event);
          progress(
            `  ${event.info.status ?? event.info.reason}: retrying in ${(event.delayMs / 1000).toFixed(1)} s...`,
          );
        },
      },
    });
    const started = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: stop.concurrency ?? 1 }, () => send(stop.request)),
    );
    const elapsedMs = Date.now() - started;
    const attempts = mock.requests.length;
    const rateLimited = mock.requests.filter((request) => request.status === 429).length;
    const failed = outcomes.find((outcome) => !outcome.ok);
    const first = outcomes[0];
    const answer = failed
      ? failed.message
      : `${outcomes.length} x ${first?.message ?? ''}${first?.model ? `, answered by ${first.model}` : ''}`;
    const got = traced ? `${answer}; spans: ${traced.summary()}` : answer;
    return {
      title: stop.title,
      client: stop.client,
      attempts,
      rateLimited,
      elapsedMs,
      got,
      ok: meetsExpectation(stop, outcomes, attempts, rateLimited),
    };
  } finally {
    await traced?.shutdown();
    await mock.close();
  }
}

/** Runs every stop of the tour against its own mock server, in order. */
export async function* runTour(): AsyncGenerator<TourResult> {
  for (const stop of stops) yield await runStop(stop);
  yield await runVideoStop();
}
