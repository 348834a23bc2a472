// ky: spread agnesKy() into ky.create(). Run: pnpm --filter @agnes-errors/examples ky
import { agnesKy } from '@agnes-errors/ky';
import ky, { HTTPError } from 'ky';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target): Promise<string> {
  const api = ky.create({
    prefix: baseURL,
    headers: { authorization: `Bearer ${apiKey}` },
    ...agnesKy({ rpm: 20, baseDelayMs: 100 }),
  });
  try {
    const completion = await api
      .post('chat/completions', {
        json: { model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'Say hello' }] },
      })
      .json<{ choices: { message: { content: string } }[] }>();
    return `ky: ${completion.choices[0]?.message.content}`;
  } catch (error) {
    if (error instanceof HTTPError && error.agnes)
      return `ky failed (${error.agnes.reason}): ${error.message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
