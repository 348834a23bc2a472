// axios: one line makes an instance Agnes-aware. Run: pnpm --filter @agnes-errors/examples axios
import { attachAgnes } from '@agnes-errors/axios';
import axios from 'axios';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target): Promise<string> {
  const api = axios.create({ baseURL, headers: { Authorization: `Bearer ${apiKey}` } });
  attachAgnes(api, { rpm: 20, baseDelayMs: 100 });
  try {
    const { data } = await api.post('/chat/completions', {
      model: 'agnes-2.5-flash',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    return `axios: ${data.choices[0].message.content}`;
  } catch (error) {
    if (axios.isAxiosError(error) && error.agnes)
      return `axios failed (${error.agnes.reason}): ${error.message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
