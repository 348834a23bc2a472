import './augment.ts';

export {
  AgnesError,
  type AgnesErrorInfo,
  type AgnesClientVideosOptions,
  type AgnesReason,
  type AgnesVideos,
  getAgnesInfo,
  isAgnesError,
  type VideoTask,
} from '@agnes-errors/core';
export { type AgnesKyConfig, type AgnesKyOptions, type AnyKyHook, agnesKy } from './agnes-ky.ts';
export { agnesVideos } from './videos.ts';
