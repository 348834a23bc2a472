/**
 * Every stable reason code `classify` can return, most specific diagnoses first, then one
 * default per status family. Codes never change meaning; new ones may be added in minor versions.
 */
export const agnesReasons = [
  // Request shape and URL
  'duplicated_v1',
  'missing_v1',
  'invalid_json_body',
  'missing_parameter',
  'wrong_method',
  'unsupported_content_type',
  // Authentication
  'missing_authorization',
  'malformed_authorization',
  'api_key_whitespace',
  'unknown_key_prefix',
  'invalid_api_key',
  // Billing and permission
  'insufficient_quota',
  'model_access_denied',
  'permission_denied',
  // Parameters
  'context_length_exceeded',
  'max_tokens_too_large',
  'n_must_be_1',
  'wrong_endpoint_for_model',
  'model_not_found',
  'image_size_not_multiple_of_16',
  'video_size_not_multiple_of_64',
  'video_frames_invalid',
  'invalid_base64',
  'invalid_parameters',
  'payload_too_large',
  'headers_too_large',
  // Tasks
  'duplicate_task',
  'task_not_found',
  'conflict',
  // Rate limits and brownouts
  'rate_limited',
  'overloaded',
  // Timeouts, aborts and the network
  'caller_aborted',
  'client_timeout',
  'dns_failure',
  'connection_refused',
  'connection_reset',
  'network_error',
  'too_many_redirects',
  'invalid_response',
  'stream_error',
  'stream_interrupted',
  // Status defaults
  'bad_request',
  'not_found',
  'request_timeout',
  'client_closed_request',
  'server_error',
  'bad_gateway',
  'service_unavailable',
  'gateway_timeout',
  'edge_unknown_error',
  'edge_connection_timeout',
  'edge_timeout',
  'unknown_status',
] as const;

/** A stable snake_case code naming what went wrong. */
export type AgnesReason = (typeof agnesReasons)[number];

/** Facts a diagnosis found, shown in its text. Values never hold secrets. */
export interface HintDetails {
  readonly path?: string;
  readonly host?: string;
  readonly model?: string;
  readonly size?: string;
  readonly param?: string;
  readonly method?: string;
  readonly expectedMethod?: string;
  readonly contentType?: string;
  readonly code?: string;
  readonly bodyBytes?: number;
  readonly base64Images?: number;
  readonly base64Bytes?: number;
  readonly headerBytes?: number;
  readonly largestHeaders?: string;
  readonly estimatedTokens?: number;
  readonly maxTokens?: number;
  /** The max_tokens ceiling the provider's message stated (our default, 65536, when it stated none). */
  readonly maxTokensLimit?: number;
  /** The context window, in tokens, the provider's message stated. */
  readonly contextLimit?: number;
  /** The request size limit, in bytes, the provider's message stated. */
  readonly sizeLimitBytes?: number;
  readonly n?: number;
  readonly numFrames?: number;
  readonly timeoutMs?: number;
  readonly elapsedMs?: number;
  readonly rpm?: number;
  readonly suggestedEndpoint?: string;
  /** The closest available model names, comma-separated (from `GET /v1/models`). */
  readonly suggestions?: string;
}

/** One specific diagnosis: what was found, and what to do about it. */
export interface AgnesHint {
  readonly reason: AgnesReason;
  /** The diagnosis in the requested locale. */
  readonly message: string;
  /** The most direct fix, when one is known. */
  readonly fix: string | undefined;
  readonly details: HintDetails;
}
