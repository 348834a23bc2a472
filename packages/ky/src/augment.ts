import type { AgnesErrorInfo } from '@agnes-errors/core';

declare module 'ky' {
  interface HTTPError<T = unknown> {
    /** The Agnes diagnosis, set by `@agnes-errors/ky` on a final failure. */
    agnes?: AgnesErrorInfo;
  }
  interface TimeoutError {
    /** The Agnes diagnosis, set by `@agnes-errors/ky` on a final failure. */
    agnes?: AgnesErrorInfo;
  }
}
