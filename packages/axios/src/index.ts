import './types.ts';

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
export { attachAgnes } from './attach.ts';
export type { AgnesAxiosOptions } from './types.ts';
export { agnesVideos } from './videos.ts';
