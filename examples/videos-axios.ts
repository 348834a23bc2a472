// Videos with axios: agnesVideos(instance).generate(). Run: pnpm --filter @agnes-errors/examples videos:axios

import { agnesVideos, attachAgnes } from '@agnes-errors/axios';
import { type AgnesVideosOptions, getAgnesInfo } from '@agnes-errors/core';
import axios from 'axios';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target, options: AgnesVideosOptions = {}): Promise<string> {
  const api = axios.create({ baseURL, headers: { Authorization: `Bearer ${apiKey}` } });
  attachAgnes(api, { rpm: 20 });
  const videos = agnesVideos(api, options);
  try {
    // One call: created once (an identical create in flight is joined), polled politely until done.
    const video = await videos.generate({
      model: 'agnes-video-2.5-flash',
      prompt: 'A red kite over the sea',
    });
    return `axios video: ${video.url}`;
  } catch (error) {
    const info = getAgnesInfo(error);
    if (info)
      return `axios video failed (${info.reason}, task ${info.taskId ?? 'none'}): ${(error as Error).message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
