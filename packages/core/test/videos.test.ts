import { AgnesError, agnesVideos } from '@agnes-errors/core';
import { describeVideoScenarios } from '../../../tooling/vitest/video-scenarios.ts';

const apiKey = 'sk-videostest0123456789abcdef';

describeVideoScenarios({
  client: 'fetch',
  apiKey,
  create: (baseURL, options, videoOptions) => agnesVideos({ apiKey, baseURL, ...options, ...videoOptions }),
  isHostError: (error, status) => error instanceof AgnesError && error.status === status,
});
