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
export { type AgnesGotOptions, agnesGot } from './agnes-got.ts';
export { agnesVideos } from './videos.ts';
