import './types.ts';

export {
  AgnesError,
  type AgnesErrorInfo,
  type AgnesReason,
  getAgnesInfo,
  isAgnesError,
} from '@agnes-errors/core';
export { attachAgnes } from './attach.ts';
export type { AgnesAxiosOptions } from './types.ts';
