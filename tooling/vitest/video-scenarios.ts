import type { AgnesErrorInfo, AgnesOptions, AgnesVideos, AgnesVideosOptions } from '@agnes-errors/core';
import { getAgnesInfo } from '@agnes-errors/core';
import type { MockAgnesOptions } from '@agnes-errors/testing';
import { describe, expect, it } from 'vitest';
import { fastRetries, mockServers, rejection } from './helpers.ts';

/** How the video scenarios drive one adapter's `agnesVideos` with one major of its client. */
export interface VideoScenarioDriver {
  /** e.g. `ky 2.1.0`. */
  readonly client: string;
  readonly apiKey: string;
  /** `agnesVideos` over a client with the adapter installed, pointed at `baseURL`, sending the key. */
  create(baseURL: string, options: AgnesOptions, videoOptions: AgnesVideosOptions): AgnesVideos;
  /** True for the client's own error type (or `AgnesError`) for an HTTP failure of this status. */
  isHostError(error: unknown, status: number): boolean;
}

const params = { model: 'agnes-video-2.5-flash', prompt: 'a red kite over the sea', size: '1280x704' };
/** Polls every few ms, no jitter: each scenario takes milliseconds and polls a known number of times. */
const quick: AgnesVideosOptions = { poll: { initialMs: 5, growth: 1, maxMs: 5, jitter: 0 } };

type Caught = Error & { agnes?: AgnesErrorInfo };

/** The long-running task scenarios every adapter passes (issue 27), against the mock server. */
export function describeVideoScenarios(driver: VideoScenarioDriver): void {
  const startMock = mockServers();
  const setup = async (server: MockAgnesOptions = {}, videoOptions: AgnesVideosOptions = quick) => {
    const mock = await startMock(server);
    return { mock, videos: driver.create(mock.baseURL, fastRetries, videoOptions) };
  };
  const polls = (mock: { requestsTo(route: string): unknown[] }) => mock.requestsTo('GET /agnesapi').length;

  describe(`video scenarios (${driver.client})`, () => {
    it('V1. generate creates the task once and polls the site-root route until it completes', async () => {
      const { mock, videos } = await setup({ videos: { pollsPerState: 2 } });
      const seen: string[] = [];
      const video = await videos.generate(params, { onProgress: (task) => seen.push(task.status) });
      expect(video).toMatchObject({ status: 'completed', url: expect.stringContaining('.mp4') });
      expect(mock.requestsTo('POST /v1/videos')).toHaveLength(1);
      expect(mock.requestsTo('POST /v1/videos')[0]?.body).toEqual(params);
      // queued x2, in_progress x2, completed: the fewest polls that can see it finish.
      expect(seen).toEqual(['queued', 'queued', 'in_progress', 'in_progress', 'completed']);
      expect(polls(mock)).toBe(5);
      // The client's own auth is on every request.
      expect(mock.requests.every((request) => request.headers.authorization?.startsWith('Bearer sk-'))).toBe(
        true,
      );
      expect(mock.requestsTo('GET /agnesapi')[0]?.path).toBe(`/agnesapi?video_id=${video.id}`);
    });

    it('V2. identical creates in flight are joined; a different body is a new task', async () => {
      const { mock, videos } = await setup();
      const [first, second] = await Promise.all([videos.create(params), videos.create({ ...params })]);
      expect(second.id).toBe(first.id);
      expect(mock.videoTasksCreated).toBe(1);
      // Just answered: still joined within the window.
      expect((await videos.create(params)).id).toBe(first.id);
      const other = await videos.create({ ...params, prompt: 'a blue kite' });
      expect(other.id).not.toBe(first.id);
      expect(mock.requestsTo('POST /v1/videos')).toHaveLength(2);
    });

    it('V2b. joined generates share one polling loop; one caller leaving does not stop the other', async () => {
      const { mock, videos } = await setup({ videos: { pollsPerState: 2 } });
      const leaving = new AbortController();
      const [first, second, left] = await Promise.allSettled([
        videos.generate(params),
        videos.generate({ ...params }),
        videos.generate(params, { signal: leaving.signal }),
        Promise.resolve().then(() => leaving.abort(new Error('left'))),
      ]);
      expect(first.status === 'fulfilled' && second.status === 'fulfilled').toBe(true);
      expect(left.status).toBe('rejected');
      if (first.status === 'fulfilled' && second.status === 'fulfilled')
        expect(second.value.id).toBe(first.value.id);
      expect(mock.videoTasksCreated).toBe(1);
      // Five polls see the task finish (queued x2, in_progress x2, completed): for all three callers.
      expect(polls(mock)).toBe(5);
    });

    it('V2c. a joined create goes on when the caller who started it aborts', async () => {
      const { mock, videos } = await setup({ script: { 'POST /v1/videos': [{ delayMs: 300 }] } });
      const starter = new AbortController();
      const started = rejection(videos.create(params, { signal: starter.signal }));
      const joiner = videos.create({ ...params });
      // Aborted once the server holds the request (it answers 300 ms later).
      while (mock.requestsTo('POST /v1/videos').length === 0)
        await new Promise((resolve) => setTimeout(resolve, 2));
      starter.abort(new Error('closed the tab'));
      expect((await started).message).toBe('closed the tab');
      expect((await joiner).id).toMatch(/^video_/);
      expect(mock.requestsTo('POST /v1/videos')).toHaveLength(1);
    });

    it("V3. a failed task rejects with the task's own reason and id, never resubmitted, no key anywhere", async () => {
      const { mock, videos } = await setup({
        videos: {
          outcomes: [
            { fail: { message: 'Video width and height must be multiples of 64' } },
            { fail: { message: 'The prompt violates the content policy', code: 'content_violation' } },
            { fail: { message: 'insufficient user quota' } },
          ],
        },
      });
      const reasons: (string | undefined)[] = [];
      for (const prompt of ['one', 'two', 'three']) {
        const error = await rejection<Caught>(videos.generate({ ...params, prompt }));
        const info = getAgnesInfo(error);
        reasons.push(info?.reason);
        expect(info?.taskId).toMatch(/^video_/);
        expect(info?.retryable).toBe(false);
        expect(error.message).toContain(info?.taskId ?? '?');
        for (const text of [error.message, JSON.stringify(error), String(error)])
          expect(text).not.toContain(driver.apiKey);
      }
      expect(reasons).toEqual(['video_size_not_multiple_of_64', 'content_rejected', 'insufficient_quota']);
      expect(mock.requestsTo('POST /v1/videos')).toHaveLength(3);
    });

    it('V4. 503s and 429s on polls and a hidden new id do not end the wait; a poll hint is honoured', async () => {
      const { mock, videos } = await setup(
        {
          videos: { pollsPerState: 1, hiddenPolls: 2, pollAfterMs: 15 },
          script: { 'GET /agnesapi': [{ status: 503 }, { status: 429, retryAfterMs: 10 }] },
        },
        { ...quick, notFoundGraceMs: 60_000 },
      );
      const video = await videos.generate(params);
      expect(video.status).toBe('completed');
      const answered = mock.requestsTo('GET /agnesapi').map((request) => request.status);
      // The faults and the hidden polls came first; the task was then read queued, in progress, done.
      expect(answered.filter((status) => status === 200)).toHaveLength(3);
      expect(answered).toContain(503);
      expect(answered).toContain(429);
      expect(answered.filter((status) => status === 404)).toHaveLength(2);
      expect(mock.videoTasksCreated).toBe(1);
    });

    it('V5. an unknown id past the grace is task_not_found, carrying the id', async () => {
      const { videos } = await setup({}, { ...quick, notFoundGraceMs: 0 });
      const error = await rejection<Caught>(videos.wait('video_unknown42'));
      const info = getAgnesInfo(error);
      expect(info).toMatchObject({ reason: 'task_not_found', taskId: 'video_unknown42' });
    });

    it("V6. the caller's abort ends a wait at once, whatever the poll interval", async () => {
      const { mock, videos } = await setup({}, { poll: { initialMs: 60_000 } });
      const task = await videos.create(params);
      const controller = new AbortController();
      const reason = new Error('user closed the page');
      const waiting = rejection(videos.wait(task.id, { signal: controller.signal }));
      setTimeout(() => controller.abort(reason), 10);
      const started = Date.now();
      expect(await waiting).toBe(reason);
      // Not a poll interval later (60 s): the wait was ended by the abort itself.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(polls(mock)).toBe(0);
    });

    it('V7. a deadline ends the wait with the task id; wait(id) resumes it', async () => {
      const { mock, videos } = await setup(
        { videos: { outcomes: [{ afterPolls: 3 }] } },
        { poll: { initialMs: 30, growth: 1, maxMs: 30, jitter: 0 } },
      );
      const task = await videos.create(params);
      const error = await rejection<Caught>(videos.wait(task.id, { deadlineMs: 45 }));
      const info = getAgnesInfo(error);
      expect(info).toMatchObject({ reason: 'task_still_running', taskId: task.id, stop: 'deadline' });
      expect(error.message).toContain('wait(taskId)');
      const video = await videos.wait(info?.taskId ?? '');
      expect(video).toMatchObject({ id: task.id, status: 'completed' });
      expect(mock.videoTasksCreated).toBe(1);
    });

    it('V8. a 409 on create is a duplicate task; generate waits for the running task it knows', async () => {
      const { mock, videos } = await setup(
        { videos: { conflictOnDuplicate: true, pollsPerState: 1 } },
        { ...quick, duplicateWindowMs: 0 },
      );
      const first = await videos.create(params);
      // Another client (another instance) does not know the running task: the 409 is its error, diagnosed.
      const other = driver.create(mock.baseURL, fastRetries, quick);
      const error = await rejection<Caught>(other.generate(params));
      expect(driver.isHostError(error, 409)).toBe(true);
      expect(getAgnesInfo(error)?.reason).toBe('duplicate_task');
      expect(getAgnesInfo(error)?.taskId).toBeUndefined();
      // The instance that created it knows it: it waits for that task instead of failing.
      const video = await videos.generate(params);
      expect(video.id).toBe(first.id);
      expect(mock.requestsTo('POST /v1/videos').map((request) => request.status)).toEqual([200, 409, 409]);
      expect(mock.videoTasksCreated).toBe(1);
    });

    it('V9. an ambiguous create (504) ends with an error that says a task may exist, never a second submission', async () => {
      const { mock, videos } = await setup({ script: { 'POST /v1/videos': [{ status: 504 }] } });
      const error = await rejection<Caught>(videos.generate(params));
      expect(driver.isHostError(error, 504)).toBe(true);
      expect(getAgnesInfo(error)?.stop).toBe('not_replayable');
      expect(error.message).toMatch(/task/i);
      expect(mock.requestsTo('POST /v1/videos')).toHaveLength(1);
      expect(polls(mock)).toBe(0);
    });

    it("V10. statusRoute 'legacy' polls GET /v1/videos/ID", async () => {
      const { mock, videos } = await setup({}, { ...quick, statusRoute: 'legacy' });
      const video = await videos.generate(params);
      expect(mock.requestsTo(`GET /v1/videos/${video.id}`).length).toBeGreaterThan(0);
      expect(polls(mock)).toBe(0);
    });

    it('V11. idempotencyKey sends one stable key per create across our retries; off by default', async () => {
      const { mock, videos } = await setup(
        { script: { 'POST /v1/videos': [{ status: 503 }] } },
        { ...quick, idempotencyKey: true },
      );
      await videos.create(params);
      const keys = mock.requestsTo('POST /v1/videos').map((request) => request.headers['idempotency-key']);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^agnes-/);
      expect(keys[1]).toBe(keys[0]);
      const plain = driver.create(mock.baseURL, fastRetries, quick);
      await plain.create({ ...params, prompt: 'other' });
      expect(mock.requestsTo('POST /v1/videos').at(-1)?.headers['idempotency-key']).toBeUndefined();
    });
  });
}
