/**
 * `@agnes-errors/ai-sdk`: the Agnes API as a Vercel AI SDK provider (`createAgnes`, `agnes`), with
 * one Agnes retry loop per request that the AI SDK's own retries never multiply, and
 * `agnesMiddleware` for a model you build yourself.
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
export { type AgnesLanguageModelMiddleware, agnesMiddleware } from './middleware.ts';
export { agnes, createAgnes } from './provider.ts';
export type { AgnesChatModelId, AgnesImageModelId, AgnesProvider, AgnesProviderSettings } from './types.ts';
export type { AgnesVideoModel, AgnesVideoModelId } from './video-model.ts';
