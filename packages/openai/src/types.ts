import type { AgnesErrorInfo, AgnesOptions } from '@agnes-errors/core';

/** Sent when a request moves on to the next fallback model. */
export interface FallbackEvent {
  /** The model that failed. */
  readonly from: string;
  /** The model tried next. */
  readonly to: string;
  readonly info: AgnesErrorInfo;
}

/** Options of {@link withAgnes}: every core option applies. */
export interface AgnesOpenAIOptions extends AgnesOptions {
  /**
   * Models to try in order when the provider answers that a model is unknown or unrouted (404, 503)
   * or keeps answering 503 after the retries.
   * @default []
   */
  readonly fallbackModels?: readonly string[];
  /**
   * Called when a request moves on to a fallback model.
   * @default undefined
   */
  readonly onFallback?: ((event: FallbackEvent) => void) | undefined;
}

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
