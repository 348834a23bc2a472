import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { main as aiSdkVideos } from '../videos-ai-sdk.ts';
import { main as axiosVideos } from '../videos-axios.ts';
import { main as fetchVideos } from '../videos-fetch.ts';
import { main as gotVideos } from '../videos-got.ts';
import { main as kyVideos } from '../videos-ky.ts';
import { main as openaiVideos } from '../videos-openai.ts';

const examples = {
  axios: axiosVideos,
  ky: kyVideos,
  got: gotVideos,
  openai: openaiVideos,
  fetch: fetchVideos,
  'ai-sdk': aiSdkVideos,
};
const apiKey = 'sk-examplestest000000000000';
const quick = { poll: { initialMs: 5, growth: 1, maxMs: 5, jitter: 0 } };
let mock: MockAgnes | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('video examples', () => {
  for (const [name, main] of Object.entries(examples)) {
    it(`${name}: creates the video once and prints it`, async () => {
      mock = await startMockAgnes({ script: { 'GET /agnesapi': [{ status: 503 }] } });
      const output = await main({ baseURL: mock.baseURL, apiKey }, quick);
      expect(output).toMatch(new RegExp(`^${name} video: .*video_`));
      expect(mock.videoTasksCreated).toBe(1);
      expect(mock.requestsTo('POST /v1/videos')).toHaveLength(1);
    });

    it(`${name}: reports a failed task with its reason and id`, async () => {
      mock = await startMockAgnes({
        videos: { outcomes: [{ fail: { message: 'Video width and height must be multiples of 64' } }] },
      });
      const output = await main({ baseURL: mock.baseURL, apiKey }, quick);
      expect(output).toMatch(
        new RegExp(
          `^${name} video failed \\(video_size_not_multiple_of_64, task video_\\w+\\): Agnes video task`,
        ),
      );
      expect(mock.requestsTo('POST /v1/videos')).toHaveLength(1);
    });
  }
});
