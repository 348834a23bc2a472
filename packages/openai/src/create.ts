import { agnesConnection, readEnvironment } from '@agnes-errors/core/adapter-kit';
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
  const connection = agnesConnection({ apiKey, baseURL }, 'createAgnesOpenAI');
  const client = new OpenAI({
    baseURL: connection.baseURL,
    apiKey: connection.apiKey(),
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
