// Videos with the OpenAI SDK: agnesVideos(client).generate(). Run: pnpm --filter @agnes-errors/examples videos:openai
import { type AgnesVideosOptions, getAgnesInfo } from '@agnes-errors/core';
import { agnesVideos, withAgnes } from '@agnes-errors/openai';
import OpenAI from 'openai';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target, options: AgnesVideosOptions = {}): Promise<string> {
  const client = withAgnes(new OpenAI({ baseURL, apiKey }), { rpm: 20 });
  const videos = agnesVideos(client, options);
  try {
    const video = await videos.generate({
      model: 'agnes-video-2.5-flash',
      prompt: 'A red kite over the sea',
    });
    return `openai video: ${video.url}`;
  } catch (error) {
    const info = getAgnesInfo(error);
    if (info)
      return `openai video failed (${info.reason}, task ${info.taskId ?? 'none'}): ${(error as Error).message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
