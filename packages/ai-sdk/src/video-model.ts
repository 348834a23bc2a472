import { type AgnesVideos, agnesFetch, agnesVideos, type VideoCreateParams } from '@agnes-errors/core';
import type { AgnesController } from '@agnes-errors/core/adapter-kit';
import type { AgnesProviderSettings } from './types.ts';

/** The video model ids the Agnes API knows (any other string is sent as it is). */
export type AgnesVideoModelId =
  | 'agnes-video-v2.0'
  | 'agnes-video-2.5'
  | 'agnes-video-2.5-flash'
  | (string & {});

/** What the AI SDK passes to a video model's `doGenerate` (the fields Agnes uses; AI SDK 6 and 7). */
interface VideoCallOptions {
  readonly prompt: string | undefined;
  readonly n: number;
  readonly aspectRatio: string | undefined;
  readonly resolution: string | undefined;
  readonly duration: number | undefined;
  readonly fps: number | undefined;
  readonly seed: number | undefined;
  readonly image?: unknown;
  readonly frameImages?: unknown;
  readonly inputReferences?: unknown;
  readonly generateAudio?: boolean | undefined;
  readonly providerOptions?: Record<string, Record<string, unknown> | undefined> | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

interface Warning {
  readonly type: 'unsupported';
  readonly feature: string;
  readonly details?: string;
}

/**
 * An AI SDK video model (`VideoModelV3` for AI SDK 6, `VideoModelV4` for AI SDK 7) on the Agnes
 * video API. It implements `doGenerate` only, so the AI SDK does not poll: the one polling loop is
 * `agnesVideos`'s (growing intervals, server hints, duplicate protection, abort within milliseconds).
 */
export interface AgnesVideoModel {
  readonly specificationVersion: 'v3' | 'v4';
  readonly provider: string;
  readonly modelId: string;
  readonly maxVideosPerCall: number;
  doGenerate(options: VideoCallOptions): Promise<{
    videos: { type: 'url'; url: string; mediaType: string }[];
    warnings: Warning[];
    providerMetadata: Record<string, Record<string, string>>;
    response: { timestamp: Date; modelId: string; headers: Record<string, string> | undefined };
  }>;
}

/** The video tasks of a provider: its settings, and its controller (the same pacing as its other models). */
export function providerVideos(
  settings: AgnesProviderSettings,
  controller: AgnesController,
  baseURL: string,
): AgnesVideos {
  const send = agnesFetch({ controller, baseURL, ...(settings.fetch && { fetch: settings.fetch }) });
  const headers = settings.headers;
  // The provider's own headers go with every create and poll, as with its other models.
  const withHeaders: typeof fetch = headers
    ? (input, init) =>
        send(input, { ...init, headers: { ...headers, ...(init?.headers as Record<string, string>) } })
    : send;
  return agnesVideos({ ...settings, baseURL, ...settings.videos, fetch: withHeaders });
}

/** The request body for one call: the AI SDK's settings in Agnes's names, then `providerOptions.agnes`. */
function createParams(modelId: string, options: VideoCallOptions, warnings: Warning[]): VideoCreateParams {
  for (const feature of ['image', 'frameImages', 'inputReferences'] as const)
    if (options[feature] !== undefined) warnings.push({ type: 'unsupported', feature });
  if (options.n > 1)
    warnings.push({ type: 'unsupported', feature: 'n', details: 'Agnes makes one video per task; n is 1.' });
  return {
    model: modelId,
    ...(options.prompt !== undefined && { prompt: options.prompt }),
    ...(options.resolution !== undefined && { size: options.resolution }),
    ...(options.aspectRatio !== undefined && { aspect_ratio: options.aspectRatio }),
    ...(options.duration !== undefined && { duration: options.duration }),
    ...(options.fps !== undefined && { fps: options.fps }),
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.generateAudio !== undefined && { generate_audio: options.generateAudio }),
    ...options.providerOptions?.agnes,
  };
}

/** The video model for `modelId`, speaking the AI SDK's specification `version`. */
export function agnesVideoModel(modelId: string, version: 'v3' | 'v4', videos: AgnesVideos): AgnesVideoModel {
  return {
    specificationVersion: version,
    provider: 'agnes.video',
    modelId,
    maxVideosPerCall: 1,
    async doGenerate(options) {
      const warnings: Warning[] = [];
      const params = createParams(modelId, options, warnings);
      const task = await videos.generate(params, options.abortSignal ? { signal: options.abortSignal } : {});
      return {
        videos: task.url ? [{ type: 'url', url: task.url, mediaType: 'video/mp4' }] : [],
        warnings,
        providerMetadata: { agnes: { taskId: task.id } },
        response: { timestamp: new Date(), modelId, headers: undefined },
      };
    },
  };
}
