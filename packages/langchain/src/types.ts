import type { AgnesChatModelId, AgnesOptions } from '@agnes-errors/core';
import type { FallbackOptions } from '@agnes-errors/core/adapter-kit';
import type { ChatOpenAIFields } from '@langchain/openai';

export type { AgnesChatModelId };

/**
 * Fields of {@link ChatAgnes}: the usual `ChatOpenAI` fields (`temperature`, `maxTokens`,
 * `streaming`, `callbacks`...), every Agnes option, and the Agnes connection. `maxConcurrency` is
 * Agnes's (a cap on requests in flight, or `'auto'`), in place of LangChain's own queue.
 */
export interface ChatAgnesInput
  extends Omit<ChatOpenAIFields, 'maxRetries' | 'apiKey' | 'model' | 'openAIApiKey' | 'maxConcurrency'>,
    AgnesOptions,
    FallbackOptions {
  /**
   * The model id.
   * @default 'agnes-2.5-flash'
   */
  readonly model?: AgnesChatModelId;
  /**
   * The API key; without one (and without `AGNES_API_KEY`) the constructor throws a `TypeError`.
   * @default the AGNES_API_KEY environment variable, where the runtime allows reading it
   */
  readonly apiKey?: string;
  /**
   * The Agnes base URL.
   * @default process.env.AGNES_BASE_URL ?? 'https://apihub.agnes-ai.com/v1'
   */
  readonly baseURL?: string;
  /**
   * Retries of the Agnes loop after the first attempt (LangChain's own retry is off, so this is all
   * there is).
   * @default 3
   */
  readonly maxRetries?: number;
}
