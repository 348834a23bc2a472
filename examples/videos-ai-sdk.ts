// Videos with the Vercel AI SDK (6 and 7): experimental_generateVideo({ model: agnes.videoModel(id) }).
// Run: pnpm --filter @agnes-errors/examples videos:ai-sdk
import { createAgnes } from '@agnes-errors/ai-sdk';
import { type AgnesVideosOptions, getAgnesInfo } from '@agnes-errors/core';
import { experimental_generateVideo as generateVideo } from 'ai';
import { runExample, type Target } from './target.ts';

export async function main({ baseURL, apiKey }: Target, options: AgnesVideosOptions = {}): Promise<string> {
  const agnes = createAgnes({ apiKey, baseURL, rpm: 20, videos: options });
  const model = agnes.videoModel?.('agnes-video-2.5-flash');
  if (!model) return 'ai-sdk video: this AI SDK major has no video models';
  try {
    const { providerMetadata } = await generateVideo({
      model: model as never,
      prompt: 'A red kite over the sea',
      // The mock server's video address does not resolve: keep the URL, download nothing.
      download: async () => ({ data: new Uint8Array(), mediaType: 'video/mp4' }),
    });
    return `ai-sdk video: task ${String((providerMetadata as { agnes?: { taskId?: string } }).agnes?.taskId)}`;
  } catch (error) {
    const info = getAgnesInfo(error);
    if (info)
      return `ai-sdk video failed (${info.reason}, task ${info.taskId ?? 'none'}): ${(error as Error).message}`;
    throw error;
  }
}

if (import.meta.main) await runExample(main);
