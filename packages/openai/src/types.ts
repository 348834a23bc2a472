import type { AgnesOptions } from '@agnes-errors/core';
import type { FallbackEvent, FallbackOptions } from '@agnes-errors/core/adapter-kit';

export type { FallbackEvent };

/** Options of {@link withAgnes}: every core option applies. */
export interface AgnesOpenAIOptions extends AgnesOptions, FallbackOptions {}

/** Options of {@link createAgnesOpenAI}. */
export interface CreateAgnesOpenAIOptions extends AgnesOpenAIOptions {
  /**
   * The Agnes base URL.
   * @default process.env.AGNES_BASE_URL ?? 'https://apihub.agnes-ai.com/v1'
   */
  readonly baseURL?: string;
  /**
   * The API key; without one (and without `AGNES_API_KEY`) `createAgnesOpenAI` throws a `TypeError`.
   * @default the AGNES_API_KEY environment variable, where the runtime allows reading it
   */
  readonly apiKey?: string;
  /**
   * The SDK's per-call timeout in ms; with the Agnes loop inside, it bounds the whole call.
   * @default 600000
   */
  readonly timeout?: number;
}
