import type { AgnesOptions } from '@agnes-errors/core';
import type { FallbackEvent, FallbackOptions } from '@agnes-errors/core/adapter-kit';

export type { FallbackEvent };

/** Options of {@link withAgnes}: every core option applies, and fallback models. */
export interface AgnesAnthropicOptions extends AgnesOptions, FallbackOptions {}

/** Options of {@link createAgnesAnthropic}. */
export interface CreateAgnesAnthropicOptions extends AgnesAnthropicOptions {
  /**
   * The Agnes base URL, with or without the trailing `/v1` the other Agnes packages use (the SDK
   * adds `/v1/messages` itself, so a trailing `/v1` is removed).
   * @default process.env.AGNES_BASE_URL ?? 'https://apihub.agnes-ai.com/v1' (the SDK is given it without /v1)
   */
  readonly baseURL?: string;
  /**
   * The API key, sent as `x-api-key`; without one (and without `AGNES_API_KEY`)
   * `createAgnesAnthropic` throws a `TypeError`.
   * @default the AGNES_API_KEY environment variable, where the runtime allows reading it
   */
  readonly apiKey?: string;
  /**
   * The SDK's per-call timeout in ms; with the Agnes loop inside, it bounds the whole call.
   * @default 600000
   */
  readonly timeout?: number;
}
