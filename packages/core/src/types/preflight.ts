import type { HeadersLike } from '../util/headers.ts';
import type { AgnesErrorInfo } from './failure.ts';

/**
 * What preflight does with a request the provider would certainly reject: `refuse` ends the call
 * before anything is sent (no request slot, no round trip), `warn` sends it and emits `onPreflight`,
 * `off` checks nothing.
 */
export type PreflightMode = 'refuse' | 'warn' | 'off';

/**
 * The preflight rules, each named by the reason the server's rejection is classified as (so
 * `preflightRules: { max_tokens_too_large: false }` turns off exactly the refusals with that reason).
 */
export const preflightRuleNames = [
  'headers_too_large',
  'missing_authorization',
  'malformed_authorization',
  'api_key_whitespace',
  'duplicated_v1',
  'wrong_method',
  'invalid_json_body',
  'missing_parameter',
  'n_must_be_1',
  'max_tokens_too_large',
  'video_frames_invalid',
  'invalid_base64',
  'unsupported_content_type',
  'image_size_not_multiple_of_16',
  'video_size_not_multiple_of_64',
] as const;

/** One preflight rule, by the reason it produces. */
export type PreflightRuleName = (typeof preflightRuleNames)[number];

/** Rules switched on (`true`, the default for every rule) or off (`false`). */
export type PreflightRules = { readonly [Rule in PreflightRuleName]?: boolean };

/** The request as it is about to be sent, as much as the adapter knows of it. */
export interface PreflightRequest {
  readonly method?: string | undefined;
  readonly url?: string | URL | undefined;
  readonly headers?: HeadersLike | undefined;
  /** String, bytes or a plain object; a stream body is never read. */
  readonly body?: unknown;
}

/** Sent when preflight finds a fault: `refused` (the call ends, nothing sent) or `warned` (sent anyway). */
export interface PreflightEvent {
  readonly action: 'refused' | 'warned';
  readonly rule: PreflightRuleName;
  /** The diagnosis the server's rejection would get; for a refusal, the call's final diagnosis. */
  readonly info: AgnesErrorInfo;
}
