import { agnesGot, agnesVideos } from '@agnes-errors/got';
import got, { RequestError } from 'got';
import { describeVideoScenarios } from '../../../tooling/vitest/video-scenarios.ts';
import { apiKey, gotMajor } from './helpers.ts';

describeVideoScenarios({
  client: `got ${gotMajor}`,
  apiKey,
  create(baseURL, options, videoOptions) {
    const api = got.extend(
      { prefixUrl: baseURL, headers: { authorization: `Bearer ${apiKey}` } },
      agnesGot(options),
    );
    return agnesVideos(api, videoOptions);
  },
  isHostError: (error, status) => error instanceof RequestError && error.response?.statusCode === status,
});
