import { createAgnes, getAgnesInfo } from '@agnes-errors/ai-sdk';
import type { MockAgnesOptions } from '@agnes-errors/testing';
import * as ai from 'ai';
import { describe, expect, it } from 'vitest';
import { fastRetries, mockServers, rejection } from '../../../tooling/vitest/helpers.ts';
import { aiMajor, aiVersion, apiKey } from './helpers.ts';

type Loose = Record<string, unknown>;
const generateVideo = (ai as unknown as Loose).experimental_generateVideo as
  | ((options: Loose) => Promise<{ video: { uint8Array: Uint8Array }; providerMetadata: Loose }>)
  | undefined;
const startMock = mockServers();
const quick = { poll: { initialMs: 5, growth: 1, maxMs: 5, jitter: 0 } };
/** The mock's video URLs do not resolve: the test downloads nothing. */
const download = async () => ({ data: new Uint8Array([0, 0, 0, 24]), mediaType: 'video/mp4' });

async function setup(server: MockAgnesOptions = {}) {
  const mock = await startMock(server);
  const agnes = createAgnes({
    apiKey,
    baseURL: mock.baseURL,
    ...fastRetries,
    headers: { 'x-team': 'kites' },
    videos: quick,
  });
  return { mock, agnes };
}

describe(`videoModel (ai ${aiVersion})`, () => {
  it.runIf(aiMajor === 5)('is not offered: AI SDK 5 has no video models', async () => {
    const { agnes } = await setup();
    expect(agnes.videoModel).toBeUndefined();
  });

  it.runIf(aiMajor >= 6)('generates a video with one polling loop: ours, one create', async () => {
    const { mock, agnes } = await setup({ videos: { pollsPerState: 1 } });
    const model = agnes.videoModel?.('agnes-video-2.5-flash');
    const result = await generateVideo?.({ model, prompt: 'a red kite', resolution: '1280x704', download });
    expect(result?.video.uint8Array).toHaveLength(4);
    expect(mock.requestsTo('POST /v1/videos')).toHaveLength(1);
    expect(mock.requestsTo('POST /v1/videos')[0]?.body).toEqual({
      model: 'agnes-video-2.5-flash',
      prompt: 'a red kite',
      size: '1280x704',
    });
    expect(mock.requestsTo('GET /agnesapi')).toHaveLength(3);
    // The provider's headers and key go with the create and every poll.
    for (const request of mock.requests) {
      expect(request.headers['x-team']).toBe('kites');
      expect(request.headers.authorization).toMatch(/^Bearer sk-/);
    }
    expect(JSON.stringify(result?.providerMetadata)).toContain('video_');
  });

  it.runIf(aiMajor >= 6)(
    "a failed task is the task's own diagnosis, and the AI SDK does not create it again",
    async () => {
      const { mock, agnes } = await setup({
        videos: { outcomes: [{ fail: { message: 'num_frames must be at most 441 and of the form 8n+1' } }] },
      });
      const error = await rejection(
        generateVideo?.({ model: agnes.videoModel?.('agnes-video-v2.0'), prompt: 'a kite', download }) ??
          Promise.resolve(),
      );
      expect(getAgnesInfo(error)).toMatchObject({
        reason: 'video_frames_invalid',
        taskId: expect.stringMatching(/^video_/),
      });
      expect(mock.requestsTo('POST /v1/videos')).toHaveLength(1);
    },
  );

  it.runIf(aiMajor >= 6)('the abort signal ends the wait at once', async () => {
    const mock = await startMock();
    const agnes = createAgnes({
      apiKey,
      baseURL: mock.baseURL,
      ...fastRetries,
      videos: { poll: { initialMs: 60_000 } },
    });
    const controller = new AbortController();
    const pending = rejection(
      generateVideo?.({
        model: agnes.videoModel?.('agnes-video-2.5'),
        prompt: 'x',
        abortSignal: controller.signal,
        download,
      }) ?? Promise.resolve(),
    );
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const error = await pending;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((error as Error).name).toMatch(/Abort/);
    expect(mock.requestsTo('GET /agnesapi')).toHaveLength(0);
  });
});
