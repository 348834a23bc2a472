import { agnesVideos, withAgnes } from '@agnes-errors/openai';
import OpenAI from 'openai';
import { describeVideoScenarios } from '../../../tooling/vitest/video-scenarios.ts';
import { apiKey, openaiVersion } from './helpers.ts';

describeVideoScenarios({
  client: `openai ${openaiVersion}`,
  apiKey,
  create: (baseURL, options, videoOptions) =>
    agnesVideos(withAgnes(new OpenAI({ baseURL, apiKey }), options), videoOptions),
  isHostError: (error, status) =>
    error instanceof OpenAI.APIError && (error as { status?: number }).status === status,
});
