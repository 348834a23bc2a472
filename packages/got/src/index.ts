import './augment.ts';

export {
  AgnesError,
  type AgnesErrorInfo,
  type AgnesReason,
  getAgnesInfo,
  isAgnesError,
} from '@agnes-errors/core';
export { type AgnesGotOptions, agnesGot } from './agnes-got.ts';
