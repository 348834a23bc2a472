import './types.ts';

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
export { attachAgnes } from './attach.ts';
export type { AgnesAxiosOptions } from './types.ts';
export { agnesVideos } from './videos.ts';
