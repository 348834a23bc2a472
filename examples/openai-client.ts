// The OpenAI SDK: wrap the client with withAgnes(). Run: pnpm --filter @agnes-errors/examples openai
import { getAgnesInfo, withAgnes } from '@agnes-errors/openai';
import OpenAI from 'openai';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target): Promise<string> {
  const client = withAgnes(new OpenAI({ baseURL, apiKey }), {
    rpm: 20,
    baseDelayMs: 100,
    fallbackModels: ['agnes-2.5-flash'],
  });
  try {
    const completion = await client.chat.completions.create({
      model: 'agnes-2.5-flash',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    return `openai: ${completion.choices[0]?.message.content} (model ${completion.model})`;
  } catch (error) {
    const info = getAgnesInfo(error);
    if (error instanceof OpenAI.APIError && info) return `openai failed (${info.reason}): ${error.message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
