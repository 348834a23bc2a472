import { readEnvironment } from '@agnes-errors/core/adapter-kit';
import OpenAI from 'openai';
import type { CreateAgnesOpenAIOptions } from './types.ts';
import { withAgnes } from './with-agnes.ts';

/**
 * An OpenAI SDK client for the Agnes API with Agnes handling built in.
 *
 * @example
 * const client = createAgnesOpenAI({ rpm: 20 }); // AGNES_API_KEY, AGNES_BASE_URL from the environment
 */
export function createAgnesOpenAI(options: CreateAgnesOpenAIOptions = {}): OpenAI {
  const { baseURL, apiKey, timeout, ...agnesOptions } = options;
  const key = apiKey ?? readEnvironment('AGNES_API_KEY');
  if (!key)
    throw new TypeError(
      'No Agnes API key: pass createAgnesOpenAI({ apiKey }) or set the AGNES_API_KEY environment variable.',
    );
  const client = new OpenAI({
    baseURL: baseURL ?? readEnvironment('AGNES_BASE_URL') ?? 'https://apihub.agnes-ai.com/v1',
    apiKey: key,
    // Given explicitly, so that the SDK does not read OPENAI_* variables itself (a refused read
    // throws in Deno without --allow-env; and they are not Agnes settings).
    organization: null,
    project: null,
    webhookSecret: null,
    logLevel: (readEnvironment('OPENAI_LOG') ?? 'warn') as 'warn',
    ...(timeout === undefined ? {} : { timeout }),
  });
  return withAgnes(client, agnesOptions);
}
