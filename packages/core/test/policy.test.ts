import { type AgnesFailure, classify } from '@agnes-errors/core';
import { AgnesController, normalizeOptions, type ReplayPolicy } from '@agnes-errors/core/adapter-kit';
import { describe, expect, it } from 'vitest';
import { decide } from '../src/call/decide.ts';
import { catalogueStatuses } from '../src/catalogue/index.ts';
import { retryVerdict, statusRules } from '../src/policy.ts';

const base = 'https://apihub.agnes-ai.com';
const paths = [
  '/v1/chat/completions',
  '/v1/responses',
  '/v1/images/generations',
  '/v1/embeddings',
  '/v1/videos',
  '/v1/videos/task-1',
  '/agnesapi?video_id=task-1',
  '/v1/models',
  '/v1/custom/thing',
];
const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const statuses = [...catalogueStatuses, 418, 451, 501, 505, 599];
const noResponse: Partial<AgnesFailure>[] = [
  { condition: 'network', errorCode: 'ECONNREFUSED' },
  { condition: 'network', errorCode: 'ECONNRESET' },
  { condition: 'timeout' },
  { condition: 'abort' },
  { condition: 'stream', responseBody: { error: { message: 'upstream failed' } } },
];
const settings: [ReplayPolicy, number[]][] = [
  ['auto', []],
  ['always', []],
  ['never', []],
  ['auto', [409, 400, 402]],
];

describe('the policy verdict', () => {
  it('never contradicts the final stop, for every status x endpoint x method x setting', () => {
    let checked = 0;
    for (const [replay, alwaysRetryStatuses] of settings) {
      const options = normalizeOptions({ replay, alwaysRetryStatuses, retryBudget: false });
      for (const path of paths) {
        for (const method of methods) {
          const shapes: Partial<AgnesFailure>[] = [...statuses.map((status) => ({ status })), ...noResponse];
          for (const shape of shapes) {
            const info = classify(
              { ...shape, method, url: `${base}${path}` },
              { replay, alwaysRetryStatuses },
            );
            const decision = decide(info, 1, { options, elapsedMs: 0 });
            const label = `${JSON.stringify(shape)} ${method} ${path} ${replay} ${alwaysRetryStatuses}`;
            expect(decision.retry, label).toBe(info.retryable);
            if (!decision.retry) expect(decision.stop, label).toBe(info.stop);
            else expect(info.stop, label).toBeUndefined();
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBe(settings.length * paths.length * methods.length * (statuses.length + 5));
  });

  it('ends a POST /v1/videos 504 as not retryable and not replayable, in the info and the stop', async () => {
    const controller = new AgnesController({ retryBudget: false });
    const call = controller.begin();
    await call.beforeAttempt();
    const { decision, info } = await call.afterFailure({
      status: 504,
      method: 'POST',
      url: `${base}/v1/videos`,
    });
    expect(decision).toMatchObject({ retry: false, stop: 'not_replayable' });
    expect(info).toMatchObject({
      retryable: false,
      replaySafety: 'ambiguous',
      stop: 'not_replayable',
      stopDetails: { method: 'POST', path: '/v1/videos' },
      attempts: 1,
    });
  });

  it('refuses 402 and an empty balance behind a 429 as final, even when the user forces the status', () => {
    for (const status of [402, 429]) {
      const verdict = retryVerdict(
        {
          status,
          reason: 'insufficient_quota',
          streamed: false,
          method: 'GET',
          endpoint: 'models',
          path: '/v1/models',
        },
        { replay: 'always', alwaysRetryStatuses: [status] },
      );
      expect(verdict).toMatchObject({ retryable: false, stop: 'final' });
    }
  });

  it('refuses parameter faults unless their status is forced, and then treats the outcome as ambiguous', () => {
    const facts = {
      status: 500,
      reason: 'image_size_not_multiple_of_16',
      streamed: false,
      method: 'POST',
      endpoint: 'images',
      path: '/v1/images/generations',
    } as const;
    expect(retryVerdict(facts)).toMatchObject({ retryable: false, stop: 'not_retryable' });
    expect(retryVerdict(facts, { replay: 'auto', alwaysRetryStatuses: [500] })).toMatchObject({
      retryable: true,
      replaySafety: 'ambiguous',
    });
  });

  it('never retries a stream that had started delivering', () => {
    const info = classify({ condition: 'stream', method: 'GET', url: `${base}/v1/models` });
    expect(info).toMatchObject({ retryable: false, stop: 'not_retryable' });
  });

  it('has one rule per documented status, retried exactly where the provider says to back off', () => {
    const retried = catalogueStatuses.filter((status) => statusRules[status].retry === 'yes');
    expect(retried).toEqual([408, 429, 499, 500, 502, 503, 504, 520, 522, 524]);
    for (const status of retried) expect(statusRules[status].replaySafety).toBeDefined();
  });
});
