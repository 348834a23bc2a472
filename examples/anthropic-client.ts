// The Anthropic SDK on Agnes's /v1/messages: wrap the client with withAgnes(). Run: pnpm --filter @agnes-errors/examples anthropic
import { getAgnesInfo, withAgnes } from '@agnes-errors/anthropic';
import Anthropic from '@anthropic-ai/sdk';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target): Promise<string> {
  // The SDK adds /v1/messages itself: its base URL is the Agnes origin.
  const client = withAgnes(new Anthropic({ baseURL: baseURL.replace(/\/v1\/?$/, ''), apiKey }), {
    rpm: 20,
    baseDelayMs: 100,
    fallbackModels: ['agnes-2.5-flash'],
  });
  try {
    const message = await client.messages.create({
      model: 'agnes-2.5-flash',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    return `anthropic: ${text} (model ${message.model})`;
  } catch (error) {
    const info = getAgnesInfo(error);
    if (error instanceof Anthropic.APIError && info)
      return `anthropic failed (${info.reason}): ${error.message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
