import { agnesConnection, readEnvironment } from '@agnes-errors/core/adapter-kit';
import Anthropic from '@anthropic-ai/sdk';
import type { CreateAgnesAnthropicOptions } from './types.ts';
import { withAgnes } from './with-agnes.ts';

/**
 * An Anthropic SDK client for the Agnes API (`POST /v1/messages`) with Agnes handling built in.
 *
 * @example
 * const client = createAgnesAnthropic({ rpm: 20 }); // AGNES_API_KEY, AGNES_BASE_URL from the environment
 * const message = await client.messages.create({ model: 'agnes-2.5-flash', max_tokens: 1024, messages });
 */
export function createAgnesAnthropic(options: CreateAgnesAnthropicOptions = {}): Anthropic {
  const { baseURL, apiKey, timeout, ...agnesOptions } = options;
  const connection = agnesConnection({ apiKey, baseURL }, 'createAgnesAnthropic');
  const client = new Anthropic({
    // The SDK adds /v1/messages; the Agnes base URL, shared with the OpenAI-style packages, ends in /v1.
    baseURL: connection.baseURL.replace(/\/v1\/?$/, ''),
    apiKey: connection.apiKey(),
    // Given explicitly, so that the SDK does not read ANTHROPIC_* variables itself (a refused read
    // throws in Deno without --allow-env; and they are not Agnes settings).
    authToken: null,
    logLevel: (readEnvironment('ANTHROPIC_LOG') ?? 'warn') as 'warn',
    ...(timeout === undefined ? {} : { timeout }),
  });
  return withAgnes(client, agnesOptions);
}
