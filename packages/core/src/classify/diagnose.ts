import { isCatalogueStatus } from '../policy.ts';
import { endpointOf, isTaskCreating } from '../types/endpoint.ts';
import type { AgnesFailure } from '../types/failure.ts';
import type { AgnesReason, HintDetails } from '../types/reasons.ts';
import { isOverloaded, OVERLOADED_STATUS, reasonOfAnthropicType } from './anthropic-dialect.ts';
import { dataUrlFaults } from './data-urls.ts';
import type { ParsedBody } from './parse-body.ts';
import { estimateTokens, type RequestFacts } from './request.ts';
import { statedContextLimit, statedMaxTokensLimit, statedSizeLimitBytes } from './stated-limit.ts';

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
  /context[_ ]length|context window|context limit|maximum context|too many tokens|prompt is too long|input is too long|上下文.{0,10}(超|过长|长度)|超出.{0,10}(上下文|最大长度)/i;
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
  // Whitespace or quotes inside the key: copied with its surroundings, or read from a file or a JSON string.
  if (/[\s"'`]/.test(token)) return [['api_key_whitespace', {}]];
  if (!/^(sk|cpk)-/.test(token) || token.length < 16) return [['unknown_key_prefix', {}]];
  return [];
}

/** What the parameter rules share: the request's JSON, model and endpoint. */
interface ParameterFacts {
  readonly evidence: Evidence;
  readonly json: Readonly<Record<string, unknown>> | undefined;
  readonly kind: ReturnType<typeof endpointOf>['kind'];
  readonly model: string | undefined;
}

/** One parameter fault: found in what the provider said, or in the request itself. */
type ParameterRule = (facts: ParameterFacts) => Finding | undefined;

/** Parameters each documented endpoint requires (chat: model and messages; images: model and prompt). */
const requiredParameters: Readonly<Partial<Record<string, readonly string[]>>> = {
  chat: ['model', 'messages'],
  images: ['model', 'prompt'],
  video_create: ['model'],
  responses: ['model'],
};

/** The first required parameter a request body lacks, on an endpoint whose requirements are documented. */
export function missingParameter(
  json: Readonly<Record<string, unknown>>,
  kind: string,
  path: string | undefined,
): string | undefined {
  // Image edits and variations take other parameters (an image, no prompt): only generations are known.
  if (kind === 'images' && !/\/images\/generations\/?$/.test(path ?? '')) return undefined;
  return requiredParameters[kind]?.find((name) => {
    const value = json[name];
    return value === undefined || value === null || value === '';
  });
}

/** The provider names a missing parameter ("model is required", "缺少 model 参数"). */
const missingParameterSaidRule: ParameterRule = ({ evidence: { said, body } }) => {
  const named =
    /\b([a-z_]{1,40}) is required|missing required parameter:? ?"?([a-z_]{1,40})|缺少 ?([a-z_]{1,40}) ?参数/.exec(
      said,
    );
  if (!named) return undefined;
  const param = body.param ?? named[1] ?? named[2] ?? named[3];
  return ['missing_parameter', param ? { param: param.slice(0, 40) } : {}];
};

/** A 400 for a body without a parameter its endpoint requires (after the value faults it may also have). */
const missingParameterRule: ParameterRule = ({ evidence: { status, path }, json, kind }) => {
  if (status !== 400 || !json) return undefined;
  const missing = missingParameter(json, kind, path);
  return missing ? ['missing_parameter', { param: missing }] : undefined;
};

const maxTokensRule: ParameterRule = ({ evidence: { said, status }, json }) => {
  const maxTokens = numberField(json, 'max_tokens', 'max_completion_tokens', 'max_output_tokens');
  const providerSays =
    /max_tokens|max_completion_tokens/.test(said) &&
    /65536|不能超过|exceed|too large|maximum|at most|less than/.test(said);
  if (!providerSays && !(status === 400 && maxTokens !== undefined && maxTokens > 65536)) return undefined;
  const maxTokensLimit = providerSays ? statedMaxTokensLimit(said) : undefined;
  return [
    'max_tokens_too_large',
    {
      ...(maxTokens !== undefined && { maxTokens }),
      ...(maxTokensLimit !== undefined && { maxTokensLimit }),
    },
  ];
};

const nRule: ParameterRule = ({ evidence: { said, status }, json }) => {
  const n = numberField(json, 'n');
  const providerSays = /\bn\s*(必须|must|should)|\bn\b.{0,20}\b(only|must be) 1\b|n 只能/.test(said);
  if (!providerSays && !(status === 400 && n !== undefined && n !== 1)) return undefined;
  return ['n_must_be_1', n === undefined ? {} : { n }];
};

/** An image or video model sent to the chat endpoint, or a chat model to the images endpoint. */
const wrongEndpointRule: ParameterRule = ({ evidence: { said, status }, kind, model }) => {
  const saysImageModel = /image\s*模型|是\s*image|image model|\/v1\/images/.test(said);
  const saysVideoModel = /video\s*模型|是\s*video|video model|请使用\s*\/v1\/videos/.test(said);
  if (saysImageModel || saysVideoModel) {
    const suggested = /\/v1\/[a-z/_]+/.exec(said)?.[0];
    return [
      'wrong_endpoint_for_model',
      {
        ...(model && { model }),
        suggestedEndpoint: suggested ?? (saysVideoModel ? '/v1/videos' : '/v1/images/generations'),
      },
    ];
  }
  if (status !== 400 || !model) return undefined;
  const isImage = /image/i.test(model);
  const isVideo = /video/i.test(model);
  if ((kind === 'chat' || kind === 'responses') && (isImage || isVideo))
    return [
      'wrong_endpoint_for_model',
      { model, suggestedEndpoint: isImage ? '/v1/images/generations' : '/v1/videos' },
    ];
  if (kind === 'images' && !isImage)
    return [
      'wrong_endpoint_for_model',
      { model, suggestedEndpoint: isVideo ? '/v1/videos' : '/v1/chat/completions' },
    ];
  return undefined;
};

const contextRule: ParameterRule = ({ evidence: { said, request } }) => {
  if (!CONTEXT.test(said)) return undefined;
  const estimatedTokens = estimateTokens(request.text);
  const contextLimit = statedContextLimit(said);
  return [
    'context_length_exceeded',
    {
      ...(contextLimit !== undefined && { contextLimit }),
      ...(estimatedTokens !== undefined && { estimatedTokens }),
    },
  ];
};

const imageSizeRule: ParameterRule = ({ evidence: { said, status }, json, kind }) => {
  const image = sizeCheck(json, 16);
  const providerSays = /multiples? of 16|16\s*的(整)?倍数|divisible by 16/.test(said);
  if (!providerSays && !(kind === 'images' && image && !image.ok && status !== 429)) return undefined;
  return ['image_size_not_multiple_of_16', image ? { size: image.size } : {}];
};

const videoSizeRule: ParameterRule = ({ evidence: { said, status }, json, kind }) => {
  const video = sizeCheck(json, 64);
  const providerSays = /multiples? of 64|64\s*的(整)?倍数|divisible by 64/.test(said);
  if (!providerSays && !(kind === 'video_create' && video && !video.ok && status !== 429)) return undefined;
  return ['video_size_not_multiple_of_64', video ? { size: video.size } : {}];
};

const videoFramesRule: ParameterRule = ({ evidence: { said, status }, json, kind }) => {
  const numFrames = numberField(json, 'num_frames');
  const invalid = numFrames !== undefined && (numFrames > 441 || (numFrames - 1) % 8 !== 0);
  if (!/num_frames/.test(said) && !(kind === 'video_create' && invalid && status !== 429)) return undefined;
  return ['video_frames_invalid', numFrames === undefined ? {} : { numFrames }];
};

const invalidBase64Rule: ParameterRule = ({ evidence: { said, status, request } }) => {
  const providerSays = /base64/.test(said) && /invalid|malformed|decode|incomplete|无效|错误|格式/.test(said);
  const fault =
    status === 400 || status === 422 || providerSays
      ? dataUrlFaults(request.text ?? '').find((found) => found.kind === 'invalid_base64')
      : undefined;
  if (!providerSays && !fault) return undefined;
  return ['invalid_base64', fault ? { contentType: fault.declared } : {}];
};

const invalidJsonRule: ParameterRule = ({ evidence: { said, request } }) =>
  request.invalidJson || INVALID_JSON.test(said) ? ['invalid_json_body', {}] : undefined;

/** The parameter rules, in the order their hints are shown. */
const parameterRules: readonly ParameterRule[] = [
  missingParameterSaidRule,
  maxTokensRule,
  nRule,
  wrongEndpointRule,
  contextRule,
  imageSizeRule,
  videoSizeRule,
  videoFramesRule,
  invalidBase64Rule,
  missingParameterRule,
  invalidJsonRule,
];

function parameterFindings(evidence: Evidence): Finding[] {
  const json = evidence.request.json;
  const facts: ParameterFacts = {
    evidence,
    json,
    kind: endpointOf(evidence.path).kind,
    model: stringField(json, 'model'),
  };
  return parameterRules.map((rule) => rule(facts)).filter((finding) => finding !== undefined);
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
  // got's ParseError: a success status whose body is not the JSON the API sends.
  [/^ERR_BODY_PARSE_FAILURE$/, 'invalid_response'],
  // Node's HTTP parser: the answer itself was malformed (an oversized header, a bad chunk).
  [/^HPE_[A-Z_]+$/, 'invalid_response'],
  // follow-redirects (axios in Node) and got.
  [/^(ERR_FR_TOO_MANY_REDIRECTS|ERR_TOO_MANY_REDIRECTS|MaxRedirectsError)$/, 'too_many_redirects'],
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/, 'dns_failure'],
  // Node's autoSelectFamily reports a refused connection as a socket closed before it connected.
  [/^(ECONNREFUSED|ERR_SOCKET_CLOSED_BEFORE_CONNECTION)$/, 'connection_refused'],
  [
    /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED|ERR_STREAM_PREMATURE_CLOSE|ECONNRESETBYPEER|ERR_HTTP_CONTENT_LENGTH_MISMATCH)$/,
    'connection_reset',
  ],
  [
    /^(ETIMEDOUT|ESOCKETTIMEDOUT|ECONNABORTED|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|TimeoutError|ERR_TIMEOUT)$/,
    'client_timeout',
  ],
];

const noResponseMessages: readonly [RegExp, AgnesReason][] = [
  // undici (fetch): "redirect count exceeded"; node-fetch: "maximum redirect reached".
  [
    /redirect count exceeded|too many redirects|maximum (number of )?redirects?|max-redirect|redirect loop/i,
    'too_many_redirects',
  ],
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
    const event = evidence.body.message !== undefined || evidence.body.code !== undefined;
    if (!event) {
      // No error event: the connection dropped (or timed out) while the answer was streaming.
      const named = failure.errorCode ?? failure.errorMessage?.replace(/\s+/g, ' ').trim().slice(0, 60);
      return [['stream_interrupted', named ? { code: named } : {}]];
    }
    if (QUOTA.test(evidence.said)) return [['insufficient_quota', {}]];
    if (isOverloaded(undefined, evidence.body.type)) return [['overloaded', {}]];
    if (/rate.?limit|429|请求数限制|频率/.test(evidence.said)) return [['rate_limited', {}]];
    if (CONTEXT.test(evidence.said)) {
      const contextLimit = statedContextLimit(evidence.said);
      return [['context_length_exceeded', contextLimit === undefined ? {} : { contextLimit }]];
    }
    // An Anthropic `error` event names its kind by type alone (`api_error`): that is its code.
    const code = evidence.body.code ?? (reasonOfAnthropicType(evidence.body.type) && evidence.body.type);
    return [['stream_error', code ? { code: code.slice(0, 40) } : {}]];
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

/** Diagnoses that only one status has. */
const statusDiagnoses: Readonly<Partial<Record<number, (evidence: Evidence) => Finding[]>>> = {
  401: (evidence) => {
    const auth = authFindings(evidence);
    return auth.length > 0 ? auth : [['invalid_api_key', {}]];
  },
  402: () => [['insufficient_quota', {}]],
  403: (evidence) => {
    const model = stringField(evidence.request.json, 'model');
    const findings: Finding[] =
      model && /model|模型/.test(evidence.said) ? [['model_access_denied', { model }]] : [];
    return [...findings, ...authFindings(evidence).filter(([reason]) => reason === 'missing_authorization')];
  },
  405: ({ path, method }) => {
    const { expectedMethod } = endpointOf(path);
    return [
      [
        'wrong_method',
        {
          ...(path && { path: path.slice(0, 200) }),
          ...(method && { method }),
          ...(expectedMethod && expectedMethod !== method && { expectedMethod }),
        },
      ],
    ];
  },
  // A 409 after our own retry of a task-creating POST: the earlier attempt created the task.
  409: ({ failure, method, path }) =>
    (failure.attempt ?? 1) > 1 && isTaskCreating(method, path) ? [['duplicate_task', {}]] : [],
  413: ({ request, said }) => [
    [
      'payload_too_large',
      {
        ...(request.bodyBytes !== undefined && { bodyBytes: request.bodyBytes }),
        ...sizeLimitOf(said),
        ...(request.base64Images > 0 && {
          base64Images: request.base64Images,
          base64Bytes: request.base64Bytes,
        }),
      },
    ],
  ],
  415: ({ requestHeaders, request }) => {
    // A data URL whose bytes are another format than it declares says more than the header.
    const mismatch = dataUrlFaults(request.text ?? '').find((fault) => fault.kind === 'type_mismatch');
    if (mismatch)
      return [
        ['unsupported_content_type', { contentType: `${mismatch.declared} (bytes: ${mismatch.actual})` }],
      ];
    const contentType = requestHeaders.get('content-type');
    return [['unsupported_content_type', contentType ? { contentType: contentType.slice(0, 100) } : {}]];
  },
  429: ({ said }) => [QUOTA.test(said) ? ['insufficient_quota', {}] : ['rate_limited', {}]],
  431: ({ requestHeaders }) => [['headers_too_large', headerSizes(requestHeaders)]],
  422: (evidence) => [
    ...parameterFindings(evidence),
    ['invalid_parameters', evidence.body.param ? { param: evidence.body.param.slice(0, 80) } : {}],
  ],
  // Timeouts and the caller's own close say nothing about the request's parameters.
  408: () => [],
  499: () => [],
};

/** The size limit the provider stated, as a detail. */
function sizeLimitOf(said: string): HintDetails {
  const sizeLimitBytes = statedSizeLimitBytes(said);
  return sizeLimitBytes === undefined ? {} : { sizeLimitBytes };
}

/**
 * What the Anthropic dialect adds: a brownout (529, or `overloaded_error` under any status), and the
 * reason an error type names when the status is not one the catalogue documents.
 */
function dialectFindings({ status, body, said }: Evidence): Finding[] {
  if (isOverloaded(status, body.type)) return [['overloaded', {}]];
  const typed = status === OVERLOADED_STATUS ? undefined : reasonOfAnthropicType(body.type);
  if (typed === undefined || status === undefined || statusDiagnoses[status] || isCatalogueStatus(status))
    return [];
  return [[typed, typed === 'payload_too_large' ? sizeLimitOf(said) : {}]];
}

/** Where the URL went wrong: `/v1/v1`, or a 404 for a path without `/v1`. */
function urlFindings({ status, path }: Evidence): Finding[] {
  if (!path) return [];
  const details: HintDetails = { path: path.slice(0, 200) };
  if (/\/v1\/v1(\/|$)/.test(path)) return [['duplicated_v1', details]];
  if (status === 404 && !/\/v1(\/|$)/.test(path) && !/^\/agnesapi/.test(path))
    return [['missing_v1', details]];
  return [];
}

/** Diagnoses for an HTTP error response, most specific first. */
export function diagnoseResponse(evidence: Evidence): Finding[] {
  const { status, said, request, failure } = evidence;
  // A client that gives up on a redirect loop may hand over the last 3xx response with its error.
  if (status !== undefined && status >= 300 && status < 400) {
    const code = failure.errorCode ?? '';
    const message = failure.errorMessage ?? '';
    if (/REDIRECT/i.test(code) || /redirect/i.test(message.slice(0, 200)))
      return [['too_many_redirects', {}]];
  }
  const findings: Finding[] = urlFindings(evidence);
  if (
    evidence.body.code === 'task_not_exist' ||
    /task_not_exist|task not (found|exist)|任务不存在/.test(said)
  )
    findings.push(['task_not_found', {}]);
  findings.push(...dialectFindings(evidence));
  const byStatus = status === undefined ? undefined : statusDiagnoses[status];
  if (byStatus) findings.push(...byStatus(evidence));
  else if (status !== undefined && status >= 400) findings.push(...parameterFindings(evidence));
  // An empty balance reported under another status (new-api sometimes answers 403 or 500).
  if (
    status !== 402 &&
    status !== 429 &&
    status !== undefined &&
    status >= 400 &&
    QUOTA.test(said) &&
    /quota|额度|余额|balance/i.test(said)
  )
    findings.push(['insufficient_quota', {}]);
  if ((status === 404 || status === 503 || status === 400) && MODEL_MISSING.test(said)) {
    const model = stringField(request.json, 'model');
    findings.push(['model_not_found', model ? { model } : {}]);
  }
  return findings;
}
