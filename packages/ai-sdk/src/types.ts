import type {
  AgnesChatModelId,
  AgnesImageModelId,
  AgnesOptions,
  AgnesVideosOptions,
} from '@agnes-errors/core';
import type { FallbackOptions } from '@agnes-errors/core/adapter-kit';
import type { OpenAICompatibleProvider } from '@ai-sdk/openai-compatible';
import type { AgnesVideoModel, AgnesVideoModelId } from './video-model.ts';

export type { AgnesChatModelId, AgnesImageModelId };

/** Settings of {@link createAgnes}: the provider's own, and every Agnes option. */
export interface AgnesProviderSettings extends AgnesOptions, FallbackOptions {
  /**
   * The API key, sent as `Authorization: Bearer`. Read when a request is made: without one (and
   * without `AGNES_API_KEY`) the call fails with a `TypeError` naming `AGNES_API_KEY`.
   * @default the AGNES_API_KEY environment variable, where the runtime allows reading it
   */
  readonly apiKey?: string | undefined;
  /**
   * The Agnes base URL.
   * @default process.env.AGNES_BASE_URL ?? 'https://apihub.agnes-ai.com/v1'
   */
  readonly baseURL?: string | undefined;
  /**
   * Headers sent with every request.
   * @default {}
   */
  readonly headers?: Record<string, string> | undefined;
  /**
   * The fetch the Agnes loop wraps (a proxy-aware or instrumented fetch).
   * @default globalThis.fetch
   */
  readonly fetch?: typeof fetch | undefined;
  /**
   * How `videoModel` polls and guards its tasks (see `agnesVideos` in `@agnes-errors/core`).
   * @default {} (first poll after 2 s, growing to 15 s; a 15-minute deadline)
   */
  readonly videos?: AgnesVideosOptions | undefined;
}

/**
 * An AI SDK provider for the Agnes API: call it with a model id for a chat model, or use
 * `chatModel`, `languageModel`, `completionModel`, `imageModel` and the embedding models.
 */
export type AgnesProvider = OpenAICompatibleProvider<AgnesChatModelId, string, string, AgnesImageModelId> & {
  /**
   * A video model for `experimental_generateVideo` (AI SDK 6 and 7; `undefined` with AI SDK 5,
   * which has no video models). One polling loop: `agnesVideos`'s, through this provider's pacing.
   */
  readonly videoModel?: ((modelId: AgnesVideoModelId) => AgnesVideoModel) | undefined;
};
