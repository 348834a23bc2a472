import './augment.ts';

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
export { type AgnesKyConfig, type AgnesKyOptions, type AnyKyHook, agnesKy } from './agnes-ky.ts';
export { agnesVideos } from './videos.ts';
