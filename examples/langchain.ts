// LangChain.js: the ChatAgnes chat model. Run: pnpm --filter @agnes-errors/examples langchain
import { ChatAgnes, getAgnesInfo } from '@agnes-errors/langchain';
import { OpenAIClient } from '@langchain/openai';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target): Promise<string> {
  const model = new ChatAgnes({ baseURL, apiKey, model: 'agnes-2.5-flash', rpm: 20, baseDelayMs: 100 });
  try {
    const answer = await model.invoke('Say hello');
    return `langchain: ${String(answer.content)}`;
  } catch (error) {
    const info = getAgnesInfo(error);
    if (error instanceof OpenAIClient.APIError && info)
      return `langchain failed (${info.reason}): ${error.message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
