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
export { type AgnesGotOptions, agnesGot } from './agnes-got.ts';
export { agnesVideos } from './videos.ts';
