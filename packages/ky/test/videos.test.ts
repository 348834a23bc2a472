import { agnesKy, agnesVideos } from '@agnes-errors/ky';
import ky, { HTTPError } from 'ky';
import { describeVideoScenarios } from '../../../tooling/vitest/video-scenarios.ts';
import { apiKey, kyMajor, kyVersion } from './helpers.ts';

describeVideoScenarios({
  client: `ky ${kyVersion}`,
  apiKey,
  create(baseURL, options, videoOptions) {
    const prefix = kyMajor === 2 ? { prefix: baseURL } : { prefixUrl: baseURL };
    const api = ky.create({
      ...prefix,
      headers: { authorization: `Bearer ${apiKey}` },
      ...agnesKy(options),
    } as never);
    return agnesVideos(api, { baseURL, ...videoOptions });
  },
  isHostError: (error, status) => error instanceof HTTPError && error.response.status === status,
});
