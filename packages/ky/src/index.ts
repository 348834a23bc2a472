import './augment.ts';

export {
  AgnesError,
  type AgnesErrorInfo,
  type AgnesReason,
  getAgnesInfo,
  isAgnesError,
} from '@agnes-errors/core';
export { type AgnesKyConfig, type AgnesKyOptions, type AnyKyHook, agnesKy } from './agnes-ky.ts';
