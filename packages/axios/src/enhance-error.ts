import { AgnesError, type AgnesErrorInfo, decorateError } from '@agnes-errors/core';
import type { AxiosError } from 'axios';

/**
 * The error a failed call rejects with: the last attempt's AxiosError with the Agnes diagnosis and
 * message (its config, request and response kept; JSON and inspect output credential-free), or an
 * `AgnesError` when asked.
 */
export function enhanceError(error: AxiosError, info: AgnesErrorInfo, throwAgnesError: boolean): Error {
  return throwAgnesError ? new AgnesError(info, { cause: error }) : decorateError(error, info);
}
