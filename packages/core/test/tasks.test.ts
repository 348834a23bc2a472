import { describe, expect, it } from 'vitest';
import { createFingerprint } from '../src/tasks/fingerprint.ts';
import { normalizePollSchedule, pollDelay, serverPollHint } from '../src/tasks/poll-schedule.ts';
import { SubmissionGuard } from '../src/tasks/submission-guard.ts';
import { readVideoTask, saysTaskNotExist, type VideoTask } from '../src/tasks/video-task.ts';

describe('the poll schedule', () => {
  const schedule = normalizePollSchedule();

  it('starts at 2 s, grows 1.5x and stops growing at 15 s', () => {
    const middle = () => 0.5;
    expect(Array.from({ length: 8 }, (_, poll) => pollDelay(poll, schedule, middle))).toEqual([
      2000, 3000, 4500, 6750, 10125, 15000, 15000, 15000,
    ]);
  });

  it('spreads each wait by at most the jitter', () => {
    expect(pollDelay(0, schedule, () => 0)).toBe(1600);
    expect(pollDelay(0, schedule, () => 0.999999)).toBe(2400);
  });

  it('refuses a schedule that makes no sense, naming the field', () => {
    expect(() => normalizePollSchedule({ growth: 0.5 })).toThrow(/poll\.growth/);
    expect(() => normalizePollSchedule({ jitter: 1 })).toThrow(/poll\.jitter/);
    expect(() => normalizePollSchedule({ initialMs: 20_000, maxMs: 10_000 })).toThrow(/poll\.maxMs/);
    // A first wait above the default cap raises the cap.
    expect(normalizePollSchedule({ initialMs: 60_000 }).maxMs).toBe(60_000);
  });

  it('takes the server hint from openai-poll-after-ms, retry-after-ms, then Retry-After, and nothing else', () => {
    const now = Date.parse('2026-11-30T00:00:00Z');
    expect(serverPollHint({ 'openai-poll-after-ms': '1200', 'retry-after': '9' }, now)).toBe(1200);
    expect(serverPollHint({ 'retry-after-ms': '700', 'retry-after': '9' }, now)).toBe(700);
    expect(serverPollHint({ 'retry-after': '3' }, now)).toBe(3000);
    expect(serverPollHint({ 'retry-after': 'Mon, 30 Nov 2026 00:00:05 GMT' }, now)).toBe(5000);
    // A rate-limit window says when the window frees, not when the task is done.
    expect(
      serverPollHint({ 'x-ratelimit-reset-requests': '30s', ratelimit: 'r=0;t=30' }, now),
    ).toBeUndefined();
    expect(serverPollHint({ 'openai-poll-after-ms': 'soon' }, now)).toBeUndefined();
  });
});

describe('reading a task', () => {
  it('reads the states, url or metadata.url, and the error of a failed task', () => {
    expect(
      readVideoTask({ id: 'v1', status: 'completed', metadata: { url: 'https://x/v.mp4' } }),
    ).toMatchObject({
      id: 'v1',
      status: 'completed',
      url: 'https://x/v.mp4',
    });
    expect(readVideoTask({ data: { id: 'v2', status: 'in_progress', progress: 40 } })).toMatchObject({
      progress: 40,
    });
    expect(
      readVideoTask({ id: 'v3', status: 'failed', error: { code: 'x', message: 'too big' } })?.error,
    ).toEqual({
      code: 'x',
      message: 'too big',
      type: undefined,
    });
  });

  it('never takes an unknown state or a body without an id for a task', () => {
    expect(readVideoTask({ id: 'v4', status: 'exploded' })).toBeUndefined();
    expect(readVideoTask({ status: 'completed' })).toBeUndefined();
    expect(readVideoTask('<html>')).toBeUndefined();
    expect(readVideoTask({ status: 'queued' }, 'known')?.id).toBe('known');
  });

  it('recognises the status route\'s "task does not exist"', () => {
    expect(saysTaskNotExist({ code: 'task_not_exist' })).toBe(true);
    expect(saysTaskNotExist({ error: { code: 'task_not_exist' } })).toBe(true);
    expect(saysTaskNotExist({ code: 'other' })).toBe(false);
  });
});

describe('the duplicate-submission guard', () => {
  const task = (id: string): VideoTask => ({
    id,
    status: 'queued',
    url: undefined,
    progress: undefined,
    error: undefined,
    raw: {},
  });

  it('joins a create in flight and one answered within the window, not after it', async () => {
    let clock = 0;
    const guard = new SubmissionGuard(10_000, 60_000, () => clock);
    let sent = 0;
    const submit = async () => {
      sent += 1;
      return task(`t${sent}`);
    };
    const first = guard.submit('same', submit);
    expect(guard.submit('same', submit).joined).toBe(true);
    expect((await first.promise).id).toBe('t1');
    clock = 9_999;
    expect(guard.submit('same', submit).joined).toBe(true);
    clock = 10_000;
    const later = guard.submit('same', submit);
    expect(later.joined).toBe(false);
    expect((await later.promise).id).toBe('t2');
    expect(sent).toBe(2);
  });

  it('forgets a failed create at once, and remembers created tasks for a 409 until they finish', async () => {
    const clock = 0;
    const guard = new SubmissionGuard(0, 60_000, () => clock);
    const failed = guard.submit('a', async () => Promise.reject(new Error('refused')));
    await expect(failed.promise).rejects.toThrow('refused');
    expect(guard.submit('a', async () => task('t9')).joined).toBe(false);
    await Promise.resolve();
    await Promise.resolve();
    expect(guard.taskFor('a')).toBe('t9');
    guard.finished('t9');
    expect(guard.taskFor('a')).toBeUndefined();
  });

  it('fingerprints the key, the URL and the body with its keys in any order', () => {
    const one = createFingerprint('k', 'u', { model: 'm', prompt: 'p' });
    expect(createFingerprint('k', 'u', { prompt: 'p', model: 'm' })).toBe(one);
    expect(createFingerprint('other', 'u', { model: 'm', prompt: 'p' })).not.toBe(one);
    expect(createFingerprint('k', 'u', { model: 'm', prompt: 'q' })).not.toBe(one);
  });
});
