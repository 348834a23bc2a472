import type { AgnesErrorInfo } from '@agnes-errors/core';

declare module 'got' {
  interface RequestError<T = unknown> {
    /** The Agnes diagnosis, set by `@agnes-errors/got` on a final failure. */
    agnes?: AgnesErrorInfo;
  }
}
