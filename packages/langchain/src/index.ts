/**
 * `@agnes-errors/langchain`: `ChatAgnes`, a LangChain.js chat model for the Agnes API with one Agnes
 * retry loop per request that LangChain's own retries never multiply.
 *
 * @packageDocumentation
 */

export {
  AgnesError,
  type AgnesErrorInfo,
  type AgnesReason,
  getAgnesInfo,
  isAgnesError,
} from '@agnes-errors/core';
export type { FallbackEvent } from '@agnes-errors/core/adapter-kit';
export { ChatAgnes, type ChatAgnesCallOptions } from './chat-agnes.ts';
export type { AgnesChatModelId, ChatAgnesInput } from './types.ts';
