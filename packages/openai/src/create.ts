import OpenAI from 'openai';
import type { CreateAgnesOpenAIOptions } from './types.ts';
import { withAgnes } from './with-agnes.ts';

const environment = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

/**
 * An OpenAI SDK client for the Agnes API with Agnes handling built in.
 *
 * @example
 * const client = createAgnesOpenAI({ rpm: 20 }); // AGNES_API_KEY, AGNES_BASE_URL from the environment
 */
export function createAgnesOpenAI(options: CreateAgnesOpenAIOptions = {}): OpenAI {
  const { baseURL, apiKey, timeout, ...agnesOptions } = options;
  const client = new OpenAI({
    baseURL: baseURL ?? environment('AGNES_BASE_URL') ?? 'https://apihub.agnes-ai.com/v1',
    apiKey: apiKey ?? environment('AGNES_API_KEY') ?? '',
    ...(timeout === undefined ? {} : { timeout }),
  });
  return withAgnes(client, agnesOptions);
}
