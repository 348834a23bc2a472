// Plain fetch: agnesFetch() is a drop-in fetch. Run: pnpm --filter @agnes-errors/examples fetch
import { agnesFetch, formatAgnesMessage, getAgnesInfo } from '@agnes-errors/core';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target): Promise<string> {
  const fetch = agnesFetch({ rpm: 20, baseDelayMs: 100, baseURL });
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'Say hello' }] }),
  });
  if (!response.ok) {
    const info = getAgnesInfo(response);
    return `fetch failed (${info?.reason}): ${info ? formatAgnesMessage(info) : response.status}`;
  }
  const completion = (await response.json()) as { choices: { message: { content: string } }[] };
  return `fetch: ${completion.choices[0]?.message.content}`;
}

if (import.meta.main) await runExample(main);
