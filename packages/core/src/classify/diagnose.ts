import type { AgnesReason, HintDetails } from '../reasons.ts';
import { endpointOf, isTaskCreating } from './endpoint.ts';
import type { ParsedBody } from './parse-body.ts';
import { estimateTokens, type RequestFacts } from './request.ts';
import type { AgnesFailure } from './types.ts';

/** Everything a diagnosis rule may look at. */
export interface Evidence {
  readonly failure: AgnesFailure;
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly host: string | undefined;
  readonly requestHeaders: ReadonlyMap<string, string>;
  readonly hasRequestHeaders: boolean;
  readonly body: ParsedBody;
  /** Provider message, type and code in one lower-cased string, for matching. */
  readonly said: string;
  readonly request: RequestFacts;
}

export type Finding = readonly [AgnesReason, HintDetails];

const QUOTA =
  /insufficient[_ ]?(user[_ ]?)?quota|insufficient[_ ]balance|exceeded your current quota|quota is not enough|balance|余额|额度不足|额度已用尽|欠费|预扣费|credit|billing|top.?up|充值/i;
const MODEL_MISSING =
  /model_not_found|model.{0,80}(not found|does not exist|not exist|unknown|not available|unavailable|no route)|(unknown|invalid) model|模型.{0,40}(不存在|未找到|不可用)|无可用渠道|no available channel|no route for model/i;
const CONTEXT =
  /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|input is too long|上下文.{0,10}(超|过长|长度)|超出.{0,10}(上下文|最大长度)/i;
const INVALID_JSON =
  /invalid json|json.{0,20}(parse|decode|invalid|malformed)|unexpected token|解析.{0,6}(失败|错误)|无效的 ?json/i;

function numberField(
  json: Readonly<Record<string, unknown>> | undefined,
  ...names: string[]
): number | undefined {
  for (const name of names) {
    const value = json?.[name];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  }
  return undefined;
}

function stringField(json: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  const value = json?.[name];
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 120) : undefined;
}

/** `size: "1000x1000"` or `width`/`height`, and whether both are multiples of `multiple`. */
function sizeCheck(
  json: Readonly<Record<string, unknown>> | undefined,
  multiple: number,
): { size: string; ok: boolean } | undefined {
  const text = stringField(json, 'size') ?? stringField(json, 'resolution');
  const match = text ? /^(\d+)\s*[x*×:]\s*(\d+)$/i.exec(text.trim()) : null;
  const width = match ? Number(match[1]) : numberField(json, 'width');
  const height = match ? Number(match[2]) : numberField(json, 'height');
  if (width === undefined || height === undefined) return undefined;
  return { size: `${width}x${height}`, ok: width % multiple === 0 && height % multiple === 0 };
}

function authFindings(evidence: Evidence): Finding[] {
  if (!evidence.hasRequestHeaders) return [];
  const authorization = evidence.requestHeaders.get('authorization');
  if (authorization === undefined) {
    return evidence.requestHeaders.has('x-api-key') ? [] : [['missing_authorization', {}]];
  }
  // "Bearer" with nothing after it: the client had no key to send (an unset environment variable).
  if (/^\s*Bearer\s*$/i.test(authorization)) return [['missing_authorization', {}]];
  const match = /^Bearer (.*)$/is.exec(authorization);
  if (!match) return [['malformed_authorization', {}]];
  const token = match[1] ?? '';
  if (/^\s/.test(token)) return [['malformed_authorization', {}]];
  if (/\s/.test(token)) return [['api_key_whitespace', {}]];
  if (!/^(sk|cpk)-/.test(token) || token.length < 16) return [['unknown_key_prefix', {}]];
  return [];
}

function parameterFindings(evidence: Evidence): Finding[] {
  const { said, request, status } = evidence;
  const json = request.json;
  const kind = endpointOf(evidence.path).kind;
  const model = stringField(json, 'model');
  const findings: Finding[] = [];
  const maxTokens = numberField(json, 'max_tokens', 'max_completion_tokens', 'max_output_tokens');
  if (
    (/max_tokens|max_completion_tokens/.test(said) &&
      /65536|不能超过|exceed|too large|maximum|at most|less than/.test(said)) ||
    (status === 400 && maxTokens !== undefined && maxTokens > 65536)
  ) {
    findings.push(['max_tokens_too_large', maxTokens === undefined ? {} : { maxTokens }]);
  }
  const n = numberField(json, 'n');
  if (
    /\bn\s*(必须|must|should)|\bn\b.{0,20}\b(only|must be) 1\b|n 只能/.test(said) ||
    (status === 400 && n !== undefined && n !== 1)
  ) {
    findings.push(['n_must_be_1', n === undefined ? {} : { n }]);
  }
  const suggested = /\/v1\/[a-z/_]+/.exec(said)?.[0];
  const saysImageModel = /image\s*模型|是\s*image|image model|\/v1\/images/.test(said);
  const saysVideoModel = /video\s*模型|是\s*video|video model|请使用\s*\/v1\/videos/.test(said);
  if (saysImageModel || saysVideoModel) {
    findings.push([
      'wrong_endpoint_for_model',
      {
        ...(model && { model }),
        suggestedEndpoint: suggested ?? (saysVideoModel ? '/v1/videos' : '/v1/images/generations'),
      },
    ]);
  } else if (status === 400 && model) {
    const isImage = /image/i.test(model);
    const isVideo = /video/i.test(model);
    if ((kind === 'chat' || kind === 'responses') && (isImage || isVideo)) {
      findings.push([
        'wrong_endpoint_for_model',
        { model, suggestedEndpoint: isImage ? '/v1/images/generations' : '/v1/videos' },
      ]);
    } else if (kind === 'images' && !isImage) {
      findings.push([
        'wrong_endpoint_for_model',
        { model, suggestedEndpoint: isVideo ? '/v1/videos' : '/v1/chat/completions' },
      ]);
    }
  }
  if (CONTEXT.test(said)) {
    const estimatedTokens = estimateTokens(request.text);
    findings.push(['context_length_exceeded', estimatedTokens === undefined ? {} : { estimatedTokens }]);
  }
  const image = sizeCheck(json, 16);
  if (
    /multiples? of 16|16\s*的(整)?倍数|divisible by 16/.test(said) ||
    (kind === 'images' && image && !image.ok && status !== 429)
  ) {
    findings.push(['image_size_not_multiple_of_16', image ? { size: image.size } : {}]);
  }
  const video = sizeCheck(json, 64);
  if (
    /multiples? of 64|64\s*的(整)?倍数|divisible by 64/.test(said) ||
    (kind === 'video_create' && video && !video.ok && status !== 429)
  ) {
    findings.push(['video_size_not_multiple_of_64', video ? { size: video.size } : {}]);
  }
  const numFrames = numberField(json, 'num_frames');
  if (
    /num_frames/.test(said) ||
    (kind === 'video_create' &&
      numFrames !== undefined &&
      (numFrames > 441 || (numFrames - 1) % 8 !== 0) &&
      status !== 429)
  ) {
    findings.push(['video_frames_invalid', numFrames === undefined ? {} : { numFrames }]);
  }
  if (request.invalidJson || INVALID_JSON.test(said)) findings.push(['invalid_json_body', {}]);
  return findings;
}

function headerSizes(headers: ReadonlyMap<string, string>): HintDetails {
  const sizes = [...headers].map(([name, value]) => [name, name.length + value.length + 4] as const);
  const headerBytes = sizes.reduce((total, [, size]) => total + size, 0);
  const largestHeaders = [...sizes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, size]) => `${name} (${size} B)`)
    .join(', ');
  return largestHeaders ? { headerBytes, largestHeaders } : { headerBytes };
}

const noResponseCodes: readonly [RegExp, AgnesReason][] = [
  [/^(ABORT_ERR|ERR_CANCELED|AbortError)$/, 'caller_aborted'],
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/, 'dns_failure'],
  // Node's autoSelectFamily reports a refused connection as a socket closed before it connected.
  [/^(ECONNREFUSED|ERR_SOCKET_CLOSED_BEFORE_CONNECTION)$/, 'connection_refused'],
  [
    /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED|ERR_STREAM_PREMATURE_CLOSE|ECONNRESETBYPEER)$/,
    'connection_reset',
  ],
  [
    /^(ETIMEDOUT|ESOCKETTIMEDOUT|ECONNABORTED|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|TimeoutError|ERR_TIMEOUT)$/,
    'client_timeout',
  ],
];

const noResponseMessages: readonly [RegExp, AgnesReason][] = [
  [/getaddrinfo|ENOTFOUND|EAI_AGAIN|name not resolved/i, 'dns_failure'],
  [/ECONNREFUSED|connection refused/i, 'connection_refused'],
  [
    /socket hang up|ECONNRESET|other side closed|connection reset|terminated|premature close/i,
    'connection_reset',
  ],
  [/timed? ?out|timeout/i, 'client_timeout'],
];

/** Diagnoses for a call that got no HTTP response. */
export function diagnoseNoResponse(evidence: Evidence): Finding[] {
  const { failure, host } = evidence;
  if (failure.condition === 'abort') return [['caller_aborted', {}]];
  const details: HintDetails = host ? { host } : {};
  if (failure.condition === 'stream') {
    // The response had started: what the error event says, but never a replay of a half-delivered answer.
    if (QUOTA.test(evidence.said)) return [['insufficient_quota', {}]];
    if (/rate.?limit|429|请求数限制|频率/.test(evidence.said)) return [['rate_limited', {}]];
    if (CONTEXT.test(evidence.said)) return [['context_length_exceeded', {}]];
    return [['stream_error', evidence.body.code ? { code: evidence.body.code.slice(0, 40) } : {}]];
  }
  if (failure.condition === 'timeout') {
    return [['client_timeout', failure.timeoutMs === undefined ? {} : { timeoutMs: failure.timeoutMs }]];
  }
  const code = failure.errorCode;
  const byCode = code ? noResponseCodes.find(([pattern]) => pattern.test(code))?.[1] : undefined;
  const byMessage = failure.errorMessage
    ? noResponseMessages.find(([pattern]) => pattern.test(failure.errorMessage ?? ''))?.[1]
    : undefined;
  const reason = byCode ?? byMessage ?? 'network_error';
  if (reason === 'client_timeout')
    return [[reason, failure.timeoutMs === undefined ? {} : { timeoutMs: failure.timeoutMs }]];
  // With no code to name, the client's own words say most: "bad port", "other side closed"...
  const named = code ?? failure.errorMessage?.replace(/\s+/g, ' ').trim().slice(0, 60);
  return [[reason, reason === 'network_error' && named ? { ...details, code: named } : details]];
}

/** Diagnoses for an HTTP error response, most specific first. */
export function diagnoseResponse(evidence: Evidence): Finding[] {
  const { status, path, said, request, method } = evidence;
  const findings: Finding[] = [];
  const pathDetails: HintDetails = path ? { path: path.slice(0, 200) } : {};
  if (path && /\/v1\/v1(\/|$)/.test(path)) findings.push(['duplicated_v1', pathDetails]);
  else if (status === 404 && path && !/\/v1(\/|$)/.test(path) && !/^\/agnesapi/.test(path))
    findings.push(['missing_v1', pathDetails]);
  if (
    evidence.body.code === 'task_not_exist' ||
    /task_not_exist|task not (found|exist)|任务不存在/.test(said)
  )
    findings.push(['task_not_found', {}]);

  switch (status) {
    case 401: {
      const auth = authFindings(evidence);
      findings.push(...(auth.length > 0 ? auth : [['invalid_api_key', {}] as const]));
      break;
    }
    case 402:
      findings.push(['insufficient_quota', {}]);
      break;
    case 403: {
      const model = stringField(request.json, 'model');
      if (model && /model|模型/.test(said)) findings.push(['model_access_denied', { model }]);
      findings.push(...authFindings(evidence).filter(([reason]) => reason === 'missing_authorization'));
      break;
    }
    case 405: {
      const { expectedMethod } = endpointOf(path);
      findings.push([
        'wrong_method',
        {
          ...pathDetails,
          ...(method && { method }),
          ...(expectedMethod && expectedMethod !== method && { expectedMethod }),
        },
      ]);
      break;
    }
    case 409:
      if (evidence.failure.replayed && isTaskCreating(method, path)) findings.push(['duplicate_task', {}]);
      break;
    case 413:
      findings.push([
        'payload_too_large',
        {
          ...(request.bodyBytes !== undefined && { bodyBytes: request.bodyBytes }),
          ...(request.base64Images > 0 && {
            base64Images: request.base64Images,
            base64Bytes: request.base64Bytes,
          }),
        },
      ]);
      break;
    case 415: {
      const contentType = evidence.requestHeaders.get('content-type');
      findings.push([
        'unsupported_content_type',
        contentType ? { contentType: contentType.slice(0, 100) } : {},
      ]);
      break;
    }
    case 429:
      findings.push(QUOTA.test(said) ? ['insufficient_quota', {}] : ['rate_limited', {}]);
      break;
    case 431:
      findings.push(['headers_too_large', headerSizes(evidence.requestHeaders)]);
      break;
    case 422:
      findings.push(...parameterFindings(evidence));
      findings.push([
        'invalid_parameters',
        evidence.body.param ? { param: evidence.body.param.slice(0, 80) } : {},
      ]);
      break;
    default:
      if (status !== undefined && status >= 400 && status !== 408 && status !== 499)
        findings.push(...parameterFindings(evidence));
  }
  if (
    status !== 402 &&
    status !== 429 &&
    status !== undefined &&
    status >= 400 &&
    QUOTA.test(said) &&
    /quota|额度|余额|balance/i.test(said)
  ) {
    findings.push(['insufficient_quota', {}]);
  }
  if ((status === 404 || status === 503 || status === 400) && MODEL_MISSING.test(said)) {
    const model = stringField(request.json, 'model');
    findings.push(['model_not_found', model ? { model } : {}]);
  }
  return findings;
}
