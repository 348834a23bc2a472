export {
  type AgnesClientVideosOptions,
  AgnesError,
  type AgnesErrorInfo,
  type AgnesReason,
  type AgnesVideos,
  getAgnesInfo,
  isAgnesError,
  type VideoTask,
} from '@agnes-errors/core';
export { createAgnesOpenAI } from './create.ts';
export type { AgnesOpenAIOptions, CreateAgnesOpenAIOptions, FallbackEvent } from './types.ts';
export { agnesVideos, type OpenAIClientLike } from './videos.ts';
export { withAgnes } from './with-agnes.ts';
