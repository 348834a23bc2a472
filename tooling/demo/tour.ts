import { type AgnesFetchOptions, type AgnesReason, agnesFetch, getAgnesInfo } from '@agnes-errors/core';
import { type MockAgnesOptions, type MockStep, startMockAgnes } from '@agnes-errors/testing';
import { progress } from './output.ts';

const key = 'sk-demo0000000000000000000000';

/** What one tour stop shows: what the server saw and what the caller got. */
export interface TourResult {
  readonly title: string;
  readonly attempts: number;
  readonly rateLimited: number;
  readonly elapsedMs: number;
  readonly got: string;
  readonly ok: boolean;
}

interface Stop {
  readonly title: string;
  readonly server?: MockAgnesOptions;
  readonly script?: Record<string, MockStep[]>;
  readonly client?: AgnesFetchOptions;
  readonly path?: string;
  readonly body?: object;
  readonly withKey?: boolean;
  readonly concurrency?: number;
  /** Expected outcome: a status for successes, a reason and attempt count for failures. */
  readonly expect:
    | { status: 200; attempts: number; rateLimited?: number }
    | { reason: AgnesReason; attempts: number };
}

const chat = { model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'Hello' }] };
const fast: AgnesFetchOptions = { baseDelayMs: 50, maxDelayMs: 200 };

const stops: readonly Stop[] = [
  {
    title: 'Transient 503s recovered',
    script: { 'POST /v1/chat/completions': [{ status: 503 }, { status: 503 }] },
    expect: { status: 200, attempts: 3 },
  },
  {
    title: '429 storm paced: 30 concurrent calls, limit 10 per 1 s window',
    server: { rpm: 10, rpmWindowMs: 1000 },
    client: { rpm: 10, rpmWindowMs: 1000 },
    concurrency: 30,
    expect: { status: 200, attempts: 30, rateLimited: 0 },
  },
  {
    title: '429 without Retry-After: waits out the window, once',
    server: { rpm: 1, rpmWindowMs: 800 },
    client: { rpmWindowMs: 800 },
    concurrency: 2,
    expect: { status: 200, attempts: 3, rateLimited: 1 },
  },
  { title: '401: no API key sent', withKey: false, expect: { reason: 'missing_authorization', attempts: 1 } },
  {
    title: 'Base URL ending in /v1/v1',
    path: '/v1/v1/chat/completions',
    expect: { reason: 'duplicated_v1', attempts: 1 },
  },
  {
    title: '402: balance used up',
    script: { '*': [{ status: 402 }] },
    expect: { reason: 'insufficient_quota', attempts: 1 },
  },
  {
    title: '500 about image size: a parameter fault, not retried',
    path: '/v1/images/generations',
    body: { model: 'agnes-image-2.1-flash', prompt: 'a red fox', size: '1000x1000' },
    expect: { reason: 'image_size_not_multiple_of_16', attempts: 1 },
  },
  {
    title: 'Video task 504: not resubmitted (no second bill)',
    path: '/v1/videos',
    body: { model: 'agnes-video-v2.0', prompt: 'waves', size: '1280x704' },
    script: { 'POST /v1/videos': [{ status: 504 }] },
    expect: { reason: 'gateway_timeout', attempts: 1 },
  },
  {
    title: 'Chinese provider message, Chinese diagnosis',
    server: { locale: 'zh' },
    client: { locale: 'zh' },
    body: { ...chat, n: 2 },
    expect: { reason: 'n_must_be_1', attempts: 1 },
  },
];

async function runStop(stop: Stop): Promise<TourResult> {
  const mock = await startMockAgnes({ ...stop.server, ...(stop.script && { script: stop.script }) });
  try {
    const fetcher = agnesFetch({
      ...fast,
      ...stop.client,
      onWait: ({ waitMs }) =>
        progress(`  waiting ${(waitMs / 1000).toFixed(1)} s for the rate-limit window...`),
      onRetry: ({ delayMs, info }) =>
        progress(`  ${info.status ?? info.reason}: retrying in ${(delayMs / 1000).toFixed(1)} s...`),
    });
    const started = Date.now();
    const call = () =>
      fetcher(`${mock.origin}${stop.path ?? '/v1/chat/completions'}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(stop.withKey !== false && { authorization: `Bearer ${key}` }),
        },
        body: JSON.stringify(stop.body ?? chat),
      });
    const responses = await Promise.all(Array.from({ length: stop.concurrency ?? 1 }, call));
    const elapsedMs = Date.now() - started;
    const attempts = mock.requests.length;
    const rateLimited = mock.requests.filter((request) => request.status === 429).length;
    const failed = responses.find((response) => !response.ok);
    const info = failed ? getAgnesInfo(failed) : undefined;
    const got = failed
      ? info
        ? (await import('@agnes-errors/core')).formatAgnesMessage(info)
        : `${failed.status}`
      : `${responses.length} x 200 OK`;
    const expected = stop.expect;
    const ok =
      'status' in expected
        ? !failed &&
          attempts === expected.attempts &&
          (expected.rateLimited === undefined || rateLimited === expected.rateLimited)
        : info?.reason === expected.reason && attempts === expected.attempts;
    return { title: stop.title, attempts, rateLimited, elapsedMs, got, ok };
  } finally {
    await mock.close();
  }
}

/** Runs every stop of the tour against its own mock server, in order. */
export async function* runTour(): AsyncGenerator<TourResult> {
  for (const stop of stops) yield await runStop(stop);
}
