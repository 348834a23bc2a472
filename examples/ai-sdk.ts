// The Vercel AI SDK: the Agnes provider. Run: pnpm --filter @agnes-errors/examples ai-sdk
import { createAgnes, getAgnesInfo } from '@agnes-errors/ai-sdk';
import { APICallError, streamText } from 'ai';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target): Promise<string> {
  const agnes = createAgnes({ baseURL, apiKey, rpm: 20, baseDelayMs: 100 });
  try {
    // Errors arrive as `error` parts (handled below), so the AI SDK's default console logging is off.
    const result = streamText({ model: agnes('agnes-2.5-flash'), prompt: 'Say hello', onError: () => {} });
    let text = '';
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') text += part.text;
      if (part.type === 'error') throw part.error;
    }
    return `ai-sdk: ${text}`;
  } catch (error) {
    const info = getAgnesInfo(error);
    if (APICallError.isInstance(error) && info) return `ai-sdk failed (${info.reason}): ${error.message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
