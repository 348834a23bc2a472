import { agnesVideos, attachAgnes } from '@agnes-errors/axios';
import axios from 'axios';
import { describeVideoScenarios } from '../../../tooling/vitest/video-scenarios.ts';
import { apiKey } from './helpers.ts';

describeVideoScenarios({
  client: `axios ${axios.VERSION}`,
  apiKey,
  create(baseURL, options, videoOptions) {
    const api = axios.create({ baseURL, headers: { Authorization: `Bearer ${apiKey}` } });
    attachAgnes(api, options);
    return agnesVideos(api, videoOptions);
  },
  isHostError: (error, status) => axios.isAxiosError(error) && error.response?.status === status,
});
