export {
  AgnesError,
  type AgnesErrorInfo,
  type AgnesReason,
  getAgnesInfo,
  isAgnesError,
} from '@agnes-errors/core';
export { createAgnesAnthropic } from './create.ts';
export type { AgnesAnthropicOptions, CreateAgnesAnthropicOptions, FallbackEvent } from './types.ts';
export { withAgnes } from './with-agnes.ts';
