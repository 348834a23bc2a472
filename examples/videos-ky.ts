// Videos with ky: agnesVideos(instance, { baseURL }).generate(). Run: pnpm --filter @agnes-errors/examples videos:ky
import { type AgnesVideosOptions, getAgnesInfo } from '@agnes-errors/core';
import { agnesKy, agnesVideos } from '@agnes-errors/ky';
import ky from 'ky';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target, options: AgnesVideosOptions = {}): Promise<string> {
  const api = ky.create({
    prefix: baseURL,
    headers: { authorization: `Bearer ${apiKey}` },
    ...agnesKy({ rpm: 20 }),
  });
  // ky cannot tell us its prefix: the base URL is given again.
  const videos = agnesVideos(api, { baseURL, ...options });
  try {
    const video = await videos.generate({
      model: 'agnes-video-2.5-flash',
      prompt: 'A red kite over the sea',
    });
    return `ky video: ${video.url}`;
  } catch (error) {
    const info = getAgnesInfo(error);
    if (info)
      return `ky video failed (${info.reason}, task ${info.taskId ?? 'none'}): ${(error as Error).message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
