import type { AgnesCallOptions, AgnesErrorInfo, AgnesOptions } from '@agnes-errors/core';

/** Options of {@link attachAgnes}: every core option applies. */
export interface AgnesAxiosOptions extends AgnesOptions {
  /**
   * Turn off axios-retry for requests of this instance, so attempts never multiply.
   * @default true
   */
  readonly disableAxiosRetry?: boolean;
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /**
     * Agnes options for this request only (`maxRetries`, `deadlineMs`, `replay`, `locale`...), or
     * `false` to send it without any Agnes handling.
     */
    agnesOptions?: AgnesCallOptions | false;
    /**
     * @deprecated Use `agnesOptions`: `agnes` is the diagnosis on errors. Removed in the next minor version.
     */
    agnes?: AgnesCallOptions | false;
  }

  interface AxiosError {
    /** The Agnes diagnosis of this failure, set by `@agnes-errors/axios`. */
    agnes?: AgnesErrorInfo;
  }
}
