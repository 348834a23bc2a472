import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';

const key = 'sk-mockvideos0123456789abcd';
let mock: MockAgnes | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** The fields the tests read off a video answer. */
interface VideoJson {
  id: string;
  status?: string;
  code?: string;
  error: { message: string };
}

const body = { model: 'agnes-video-2.5-flash', prompt: 'a kite' };
async function create(server: MockAgnes, authorization = `Bearer ${key}`) {
  const response = await fetch(`${server.baseURL}/videos`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as VideoJson,
  };
}
async function poll(server: MockAgnes, id: string) {
  const response = await fetch(`${server.origin}/agnesapi?video_id=${id}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as VideoJson,
  };
}

describe('mock server: video tasks', () => {
  it('moves a task queued -> in_progress -> completed by polls, on both status routes', async () => {
    mock = await startMockAgnes({ videos: { pollsPerState: 1 } });
    const { json } = await create(mock);
    expect(json).toMatchObject({ status: 'queued', id: expect.stringMatching(/^video_/) });
    expect((await poll(mock, json.id)).json.status).toBe('queued');
    expect((await poll(mock, json.id)).json.status).toBe('in_progress');
    const legacy = await fetch(`${mock.baseURL}/videos/${json.id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await legacy.json()).toMatchObject({ status: 'completed', url: expect.stringContaining('.mp4') });
    expect(mock.videoTasksCreated).toBe(1);
  });

  it('fails scripted tasks with the provider error object, in creation order', async () => {
    mock = await startMockAgnes();
    mock.scriptVideoTasks([{ fail: { message: 'content policy', code: 'sensitive' }, afterPolls: 1 }]);
    const failing = (await create(mock)).json.id;
    await poll(mock, failing);
    expect((await poll(mock, failing)).json).toMatchObject({
      status: 'failed',
      url: null,
      error: { message: 'content policy', code: 'sensitive' },
    });
  });

  it('hides a new id for its first polls, then shows it', async () => {
    mock = await startMockAgnes({ videos: { hiddenPolls: 2 } });
    const { json } = await create(mock);
    expect((await poll(mock, json.id)).json).toEqual(expect.objectContaining({ code: 'task_not_exist' }));
    expect((await poll(mock, json.id)).status).toBe(404);
    expect((await poll(mock, json.id)).json.status).toBe('queued');
  });

  it('answers 409 to an identical create from the same key while the task runs', async () => {
    mock = await startMockAgnes({ videos: { conflictOnDuplicate: true } });
    expect((await create(mock)).status).toBe(200);
    const duplicate = await create(mock);
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.message).toMatch(/Duplicate task/);
    // Another key is another submitter.
    expect((await create(mock, 'Bearer sk-otherkey0123456789abcd')).status).toBe(200);
    expect(mock.videoTasksCreated).toBe(2);
  });

  it('finishes by time and sends polling hints on the create and on running polls', async () => {
    mock = await startMockAgnes({
      videos: { durationMs: 60_000, pollAfterMs: 'remaining', pollRetryAfter: 7 },
    });
    const created = await create(mock);
    expect(Number(created.headers.get('openai-poll-after-ms'))).toBeGreaterThan(59_000);
    const running = await poll(mock, created.json.id);
    expect(running.json.status).toBe('queued');
    expect(running.headers.get('retry-after')).toBe('7');
  });
});
