import { AgnesError } from '../errors/agnes-error.ts';
import { decorateError } from '../errors/decorate.ts';
import { attachAgnesInfo } from '../errors/get-info.ts';
import { redactCauseChain, safeCause } from '../errors/safe-cause.ts';
import type { AgnesErrorInfo } from '../types/failure.ts';

/** What decides the shape of a final error. */
export interface FinalErrorOptions {
  /**
   * Answer with an `AgnesError` (the client's error kept as `cause`) instead of the client's own.
   * @default false
   */
  readonly throwAgnesError?: boolean;
}

/**
 * What a call that failed for good answers with, the same in every adapter:
 * - the caller's abort: the client's own abort error, untouched (it is the caller's own doing);
 * - `throwAgnesError`: an `AgnesError` with the client's error (decorated too) as `cause`;
 * - a client error: that error, decorated (`error.agnes`, the Agnes message, credential-free JSON
 *   and inspect output), so existing `catch` code keeps working;
 * - any other object (a fetch `Response`): the same object with `agnes` attached;
 * - anything else: an `AgnesError` with it as `cause`.
 */
export function finalError(error: unknown, info: AgnesErrorInfo, options: FinalErrorOptions = {}): unknown {
  if (info.reason === 'caller_aborted') return error;
  // The client's error stays reachable as `cause`: decorated, so inspecting or logging it is safe too.
  const decorated = decorateInPlace(error, info);
  // A raw Response or Request as a cause (fetch's answer) holds the URL and headers: a redacted view stands in.
  const final =
    options.throwAgnesError || decorated === undefined
      ? new AgnesError(info, { cause: safeCause(decorated ?? error, info) })
      : decorated;
  redactCauseChain(final, info);
  return final;
}

/** The error decorated in place, or the object with `agnes` attached; `undefined` when it cannot be. */
function decorateInPlace(error: unknown, info: AgnesErrorInfo): unknown {
  try {
    if (error instanceof Error) return decorateError(error, info);
    if (typeof error === 'object' && error !== null) return attachAgnesInfo(error, info);
  } catch {
    // A frozen or otherwise locked object: answered with an AgnesError around it.
  }
  return undefined;
}
