import type { LocaleMessages } from '../types/messages.ts';
import { formatBytes } from './bytes.ts';

const seconds = (ms: number | undefined): string => `${((ms ?? 0) / 1000).toFixed(1).replace(/\.0$/, '')} s`;
const imageModelEndpoint = '/v1/images/generations';

/** English messages. */
export const messagesEn: LocaleMessages = {
  reasons: {
    duplicated_v1: (d) => ({
      cause: `the URL path${d.path ? ` ${d.path}` : ''} repeats /v1: the base URL already ends in /v1 and the client or tool appends it again`,
      fix: 'set the base URL to https://apihub.agnes-ai.com/v1 (or https://api.agnes-ai.cn/v1) and let the client add only the endpoint path',
    }),
    missing_v1: (d) => ({
      cause: `the URL path${d.path ? ` ${d.path}` : ''} lacks the /v1 prefix: the base URL probably misses /v1`,
      fix: 'end the base URL with /v1, e.g. https://apihub.agnes-ai.com/v1',
    }),
    invalid_json_body: () => ({
      cause: 'the request body is not valid JSON',
      fix: 'send a JSON object with Content-Type: application/json',
    }),
    wrong_method: (d) => ({
      cause: `${d.path ?? 'this endpoint'} does not accept ${d.method ?? 'this method'}${d.expectedMethod ? `; it expects ${d.expectedMethod}` : ''}`,
      fix: d.expectedMethod
        ? `call it with ${d.expectedMethod}`
        : 'check the method in the API documentation',
    }),
    unsupported_content_type: (d) => ({
      cause: d.contentType?.includes(' (bytes: ')
        ? `a data URL declares ${d.contentType.replace(' (bytes: ', ' but its bytes are ').replace(/\)$/, '')}`
        : `the request was sent with Content-Type ${d.contentType ?? '(none)'}`,
      fix: 'send JSON with Content-Type: application/json; for images use PNG, JPG, JPEG or WEBP',
    }),
    missing_parameter: (d) => ({
      cause: `the request has no "${d.param ?? 'required parameter'}", which this endpoint requires`,
      fix: d.param
        ? `add "${d.param}" to the request body (see the endpoint's documentation)`
        : 'check that every required parameter is included',
    }),
    missing_authorization: () => ({
      cause: 'the request carries no Authorization header, so no API key reached the server',
      fix: 'send the header "Authorization: Bearer <your key>" (set apiKey, or AGNES_API_KEY, in your client)',
    }),
    malformed_authorization: () => ({
      cause: 'the Authorization header is not of the form "Bearer <key>"',
      fix: 'send "Authorization: Bearer <your key>" with exactly one space after Bearer',
    }),
    api_key_whitespace: () => ({
      cause:
        'the API key contains whitespace or a line break, typically from copying it or reading it from a file',
      fix: 'trim the key (e.g. key.trim()) before sending it',
    }),
    unknown_key_prefix: () => ({
      cause:
        'the API key does not look like an Agnes key (free keys start with sk-, Token Plan keys with cpk-); it may be truncated or from another provider',
      fix: 'copy the whole key again from the Agnes console',
    }),
    invalid_api_key: () => ({
      cause: 'the server rejected the API key: it is wrong, expired, or belongs to another account',
      fix: 'check that the whole key was copied, or generate a new one in the Agnes console',
    }),
    insufficient_quota: () => ({
      cause: 'the account balance or Token Plan quota is used up; retrying will not help',
      fix: 'top up the balance or check the Token Plan / subscription status, then retry',
    }),
    model_access_denied: (d) => ({
      cause: `this account or key may not use the model${d.model ? ` ${d.model}` : ''}`,
      fix: 'check the model permissions of the account and that the key belongs to it',
    }),
    permission_denied: () => ({
      cause: 'the account or key is not allowed to access this resource',
    }),
    context_length_exceeded: (d) => ({
      cause: `the input is longer than the model's context window${d.contextLimit !== undefined ? ` of ${d.contextLimit} tokens` : ''}${d.estimatedTokens ? ` (about ${d.estimatedTokens} tokens sent)` : ''}`,
      fix: 'shorten the prompt or drop older conversation turns',
    }),
    max_tokens_too_large: (d) => ({
      cause: `max_tokens${d.maxTokens !== undefined ? ` = ${d.maxTokens}` : ''} is above the limit of ${d.maxTokensLimit ?? 65536}`,
      fix: `set max_tokens to ${d.maxTokensLimit ?? 65536} or less`,
    }),
    n_must_be_1: (d) => ({
      cause: `n${d.n !== undefined ? ` = ${d.n}` : ''} was requested, but Agnes only accepts n = 1`,
      fix: 'send n: 1 and make several requests if you need several results',
    }),
    wrong_endpoint_for_model: (d) => ({
      cause: `the model${d.model ? ` ${d.model}` : ''} is not served by this endpoint`,
      fix: `call ${d.suggestedEndpoint ?? imageModelEndpoint} for this model`,
    }),
    model_not_found: (d) => ({
      cause: `the model${d.model ? ` "${d.model}"` : ''} is unknown or has no route on this account${d.suggestions ? `; did you mean ${d.suggestions.replace(', ', ' (or ').replace(/\(or .*$/, '$&)')}?` : ''}`,
      fix: 'check the model name against GET /v1/models, or configure a fallback model',
    }),
    image_size_not_multiple_of_16: (d) => ({
      cause: `the image size${d.size ? ` ${d.size}` : ''} is not a multiple of 16; this is a parameter fault, not an outage`,
      fix: 'use width and height that are multiples of 16, e.g. 1024x1024',
    }),
    video_size_not_multiple_of_64: (d) => ({
      cause: `the video size${d.size ? ` ${d.size}` : ''} is not a multiple of 64; this is a parameter fault, not an outage`,
      fix: 'use width and height that are multiples of 64, e.g. 1280x704',
    }),
    video_frames_invalid: (d) => ({
      cause: `num_frames${d.numFrames !== undefined ? ` = ${d.numFrames}` : ''} is invalid: it must be at most 441 and of the form 8n+1`,
      fix: 'use a frame count such as 81, 121 or 441',
    }),
    invalid_base64: (d) => ({
      cause: `the base64 data${d.contentType ? ` of the ${d.contentType} data URL` : ''} is not complete, valid base64`,
      fix: 'send the whole base64 string (no spaces, quotes or cut-off end), or a public URL instead of base64',
    }),
    invalid_parameters: (d) => ({
      cause: d.param
        ? `the value of "${d.param}" is not accepted`
        : 'a parameter value is out of range or invalid',
    }),
    payload_too_large: (d) => ({
      cause: `the request body is ${d.bodyBytes !== undefined ? `${Math.round(d.bodyBytes / 1024)} KiB` : 'too large'}${d.sizeLimitBytes !== undefined ? `, above the limit of ${formatBytes(d.sizeLimitBytes)}` : ''}${d.base64Images ? ` and holds ${d.base64Images} base64 image(s) (${Math.round((d.base64Bytes ?? 0) / 1024)} KiB)` : ''}`,
      fix: d.base64Images
        ? 'send images as public URLs instead of base64, or in smaller batches'
        : 'shorten the context or send the content in batches',
    }),
    headers_too_large: (d) => ({
      cause: `the request headers total ${d.headerBytes ?? '?'} bytes${d.largestHeaders ? `; the largest are ${d.largestHeaders}` : ''}`,
      fix: 'remove cookies and custom headers you do not need',
    }),
    duplicate_task: () => ({
      cause: 'the first attempt already created the task; the retry was rejected as a duplicate',
      fix: 'poll the task status (GET /agnesapi?video_id=...) instead of submitting again',
    }),
    task_not_found: () => ({
      cause: 'no task exists with this id',
      fix: 'check the video_id returned when the task was created',
    }),
    conflict: () => ({
      cause: 'the request conflicts with a task or resource that is already being processed',
      fix: 'check the task status before submitting again',
    }),
    rate_limited: (d) => ({
      cause: `request rate exceeded the account's RPM limit (free accounts: 20/min)${d.rpm ? `; the client paces to ${d.rpm}/min` : ''}`,
      fix: 'lower concurrency or enable rpm pacing; upgrade to a Token Plan for higher limits',
    }),
    caller_aborted: () => ({ cause: 'the request was aborted by the caller' }),
    client_timeout: (d) => ({
      cause: `the client gave up waiting${d.timeoutMs ? ` after ${seconds(d.timeoutMs)}` : ''} before the server answered`,
      fix: 'raise the client timeout, or use an asynchronous task and polling for long jobs',
    }),
    dns_failure: (d) => ({
      cause: `the host name${d.host ? ` ${d.host}` : ''} could not be resolved`,
      fix: 'check the base URL spelling, your DNS settings and the HTTPS_PROXY / HTTP_PROXY variables',
    }),
    connection_refused: (d) => ({
      cause: `the connection to${d.host ? ` ${d.host}` : ' the server'} was refused`,
      fix: 'check the base URL and port, and any proxy in HTTPS_PROXY / HTTP_PROXY',
    }),
    connection_reset: () => ({
      cause: 'the connection was reset before the response completed',
      fix: 'check the network and proxy; the call is retried when it is safe to',
    }),
    network_error: (d) => ({
      cause: `a network error occurred${d.code ? ` (${d.code})` : ''}`,
      fix: 'check the network, the proxy settings and the base URL',
    }),
    too_many_redirects: () => ({
      cause:
        'the server kept redirecting the request (a redirect loop or too many redirects); it was not retried',
      fix: 'set the base URL to https://apihub.agnes-ai.com/v1 exactly (https, no trailing path) and check any proxy',
    }),
    invalid_response: () => ({
      cause: "the server's answer could not be read: it is malformed, or not the JSON the API sends",
      fix: 'check that the base URL points at the Agnes API (https://apihub.agnes-ai.com/v1), not a web page or proxy',
    }),
    stream_error: (d) => ({
      cause: `the stream failed after it had started${d.code ? ` (${d.code})` : ''}; the partial answer was not retried`,
      fix: 'retry the whole request if a repeated answer is acceptable',
    }),
    stream_interrupted: (d) => ({
      cause: `the connection dropped after the stream had started${d.code ? ` (${d.code})` : ''}; the part already delivered was not replayed`,
      fix: 'retry the whole request if a repeated answer is acceptable',
    }),
    overloaded: () => ({
      cause:
        'the provider is overloaded (529 overloaded_error): a temporary brownout, not a fault of the request or the model',
      fix: 'retry after a short wait; it usually passes within minutes',
    }),
    bad_request: () => ({ cause: 'the request parameters are invalid' }),
    not_found: (d) => ({ cause: `nothing exists at ${d.path ?? 'this path'}` }),
    request_timeout: () => ({ cause: 'the server timed out reading or processing the request' }),
    client_closed_request: () => ({ cause: 'the connection was closed before the request completed' }),
    server_error: () => ({ cause: 'the server hit an internal error' }),
    bad_gateway: () => ({ cause: 'the gateway got no valid answer from the upstream model service' }),
    service_unavailable: () => ({ cause: 'the service is temporarily unavailable' }),
    gateway_timeout: () => ({
      cause: 'the gateway timed out waiting for the model',
      fix: 'for long jobs use an asynchronous task and poll its status',
    }),
    edge_unknown_error: () => ({ cause: 'the edge returned a non-standard error page' }),
    edge_connection_timeout: () => ({ cause: 'the edge could not reach the upstream service' }),
    edge_timeout: () => ({
      cause: 'the upstream service took too long after the connection was made',
      fix: 'for long jobs use an asynchronous task and poll its status',
    }),
    unknown_status: () => ({
      cause: 'the server answered with a status the Agnes error page does not document',
    }),
  },
  stops: {
    not_retryable: (d) =>
      `${d.status ?? 'This failure'} is not retried: resending the same request would fail the same way.`,
    final: () => 'Not retried: this failure is final until the account is topped up.',
    max_retries: () => 'Retries exhausted.',
    deadline: (d) => `Stopped: the deadline of ${seconds(d.deadlineMs)} was reached.`,
    budget_exhausted: () =>
      'Not retried: the retry budget is exhausted, so failures return at once during an outage.',
    not_replayable: (d) =>
      d.endpoint === 'video_create'
        ? `Not retried: ${d.method ?? 'POST'} ${d.path ?? ''} creates a task and the server may already have done so; check the task status instead of resubmitting.`
        : `Not retried: the server may already have processed ${d.method ?? 'POST'} ${d.path ?? ''}, and sending it again is not known to be safe (set replay: 'always' if it is).`,
    unsafe_body: () => 'Not retried: the request body was a stream that cannot be sent twice.',
    caller_aborted: () => 'Not retried: the caller aborted the request.',
    retry_after_too_long: (d) =>
      `Not retried: the server asked to wait ${seconds(d.retryAfterMs)}, longer than maxRetryAfterMs (${seconds(d.maxRetryAfterMs)}).`,
    disabled: () => 'Retries are disabled for this request.',
    preflight: (d) =>
      `Not sent: the request was refused before sending${d.expectedStatus ? `, because the server would reject it (${d.expectedStatus})` : ''}; no request slot or round trip was spent. Change the request${d.rule ? `, or turn this rule off with preflightRules: { ${d.rule}: false }` : ''}.`,
  },
  noResponseTitle: 'request failed',
  notSentTitle: 'request not sent',
  providerSaid: (message) => `Provider said: "${message}".`,
  gaveUp: (attempts, elapsed) => `Gave up after ${attempts} attempts over ${elapsed}.`,
  tryPrefix: 'Try:',
  requestId: 'request id',
  listSeparator: '; ',
  sentenceEnd: '.',
};
