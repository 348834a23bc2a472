export {
  AgnesError,
  type AgnesErrorInfo,
  type AgnesReason,
  getAgnesInfo,
  isAgnesError,
} from '@agnes-errors/core';
export { createAgnesOpenAI } from './create.ts';
export type { AgnesOpenAIOptions, CreateAgnesOpenAIOptions, FallbackEvent } from './types.ts';
export { withAgnes } from './with-agnes.ts';
