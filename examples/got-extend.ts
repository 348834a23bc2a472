// got: extend an instance with agnesGot(). Run: pnpm --filter @agnes-errors/examples got
import { agnesGot } from '@agnes-errors/got';
import got, { RequestError } from 'got';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target): Promise<string> {
  const api = got.extend(
    { prefixUrl: baseURL, headers: { authorization: `Bearer ${apiKey}` } },
    agnesGot({ rpm: 20, baseDelayMs: 100 }),
  );
  try {
    const completion = await api
      .post('chat/completions', {
        json: { model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'Say hello' }] },
      })
      .json<{ choices: { message: { content: string } }[] }>();
    return `got: ${completion.choices[0]?.message.content}`;
  } catch (error) {
    if (error instanceof RequestError && error.agnes)
      return `got failed (${error.agnes.reason}): ${error.message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
