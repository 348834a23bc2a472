import type { AgnesReason } from '../types/reasons.ts';

/**
 * The error types of the Anthropic Messages API (`POST /v1/messages`, `{"type":"error","error":
 * {"type":"rate_limit_error","message":...}}`), and the reason each one names. The status says it
 * first; the type decides where the status cannot: an `error` event inside a stream (no status), or
 * a status our catalogue does not document (Anthropic's 529).
 */
export const anthropicErrorTypes: Readonly<Record<string, AgnesReason>> = {
  invalid_request_error: 'bad_request',
  authentication_error: 'invalid_api_key',
  permission_error: 'permission_denied',
  not_found_error: 'not_found',
  request_too_large: 'payload_too_large',
  rate_limit_error: 'rate_limited',
  api_error: 'server_error',
  overloaded_error: 'overloaded',
};

/** The status Anthropic answers when it sheds load: not part of the Agnes catalogue, but seen through it. */
export const OVERLOADED_STATUS = 529;

/** The reason an Anthropic error type names, if it is one. */
export function reasonOfAnthropicType(type: string | undefined): AgnesReason | undefined {
  return type !== undefined && Object.hasOwn(anthropicErrorTypes, type)
    ? anthropicErrorTypes[type]
    : undefined;
}

/** True for a brownout: a 529, or an `overloaded_error` whatever the status. */
export function isOverloaded(status: number | undefined, type: string | undefined): boolean {
  return status === OVERLOADED_STATUS || type === 'overloaded_error';
}
