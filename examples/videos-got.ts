// Videos with got: agnesVideos(instance).generate(). Run: pnpm --filter @agnes-errors/examples videos:got
import { type AgnesVideosOptions, getAgnesInfo } from '@agnes-errors/core';
import { agnesGot, agnesVideos } from '@agnes-errors/got';
import got from 'got';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target, options: AgnesVideosOptions = {}): Promise<string> {
  const api = got.extend(
    { prefixUrl: baseURL, headers: { authorization: `Bearer ${apiKey}` } },
    agnesGot({ rpm: 20 }),
  );
  const videos = agnesVideos(api, options);
  try {
    const video = await videos.generate({
      model: 'agnes-video-2.5-flash',
      prompt: 'A red kite over the sea',
    });
    return `got video: ${video.url}`;
  } catch (error) {
    const info = getAgnesInfo(error);
    if (info)
      return `got video failed (${info.reason}, task ${info.taskId ?? 'none'}): ${(error as Error).message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
