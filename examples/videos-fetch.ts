// Videos over fetch: agnesVideos({ apiKey, baseURL }).generate(). Run: pnpm --filter @agnes-errors/examples videos:fetch
import { type AgnesVideosOptions, agnesVideos, getAgnesInfo } from '@agnes-errors/core';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target, options: AgnesVideosOptions = {}): Promise<string> {
  const videos = agnesVideos({ apiKey, baseURL, rpm: 20, ...options });
  const controller = new AbortController();
  try {
    // create() and wait() separately: a deadline error carries the task id, so wait(id) can resume.
    const task = await videos.create({ model: 'agnes-video-2.5-flash', prompt: 'A red kite over the sea' });
    const video = await videos.wait(task.id, { signal: controller.signal, onProgress: () => {} });
    return `fetch video: ${video.url}`;
  } catch (error) {
    const info = getAgnesInfo(error);
    if (info)
      return `fetch video failed (${info.reason}, task ${info.taskId ?? 'none'}): ${(error as Error).message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
