import type { LocaleMessages } from '../types/messages.ts';
import { formatBytes } from './bytes.ts';

const seconds = (ms: number | undefined): string => `${((ms ?? 0) / 1000).toFixed(1).replace(/\.0$/, '')} 秒`;

/** 中文消息。 */
export const messagesZh: LocaleMessages = {
  reasons: {
    duplicated_v1: (d) => ({
      cause: `URL 路径${d.path ? ` ${d.path}` : ''}重复了 /v1：Base URL 已以 /v1 结尾，客户端或工具又拼接了一次`,
      fix: '将 Base URL 设为 https://apihub.agnes-ai.com/v1（或 https://api.agnes-ai.cn/v1），由客户端只追加端点路径',
    }),
    missing_v1: (d) => ({
      cause: `URL 路径${d.path ? ` ${d.path}` : ''}缺少 /v1 前缀：Base URL 可能漏掉了 /v1`,
      fix: '让 Base URL 以 /v1 结尾，例如 https://apihub.agnes-ai.com/v1',
    }),
    invalid_json_body: () => ({
      cause: '请求体不是有效的 JSON',
      fix: '以 Content-Type: application/json 发送 JSON 对象',
    }),
    wrong_method: (d) => ({
      cause: `${d.path ?? '该端点'} 不接受 ${d.method ?? '该方法'}${d.expectedMethod ? `，应使用 ${d.expectedMethod}` : ''}`,
      fix: d.expectedMethod ? `改用 ${d.expectedMethod} 调用` : '在 API 文档中查看所需的请求方法',
    }),
    unsupported_content_type: (d) => ({
      cause: d.contentType?.includes(' (bytes: ')
        ? `data URL 声明为 ${d.contentType.replace(' (bytes: ', '，但其内容实际为 ').replace(/\)$/, '')}`
        : `请求的 Content-Type 为 ${d.contentType ?? '（无）'}`,
      fix: '以 Content-Type: application/json 发送 JSON；图片请使用 PNG、JPG、JPEG 或 WEBP',
    }),
    missing_parameter: (d) => ({
      cause: `请求缺少此端点必需的参数${d.param ? ` "${d.param}"` : ''}`,
      fix: d.param ? `在请求体中加入 "${d.param}"（参见该端点文档）` : '检查是否包含所有必需参数',
    }),
    missing_authorization: () => ({
      cause: '请求没有携带 Authorization 请求头，API Key 未发送到服务器',
      fix: '发送请求头 "Authorization: Bearer <你的 Key>"（在客户端中设置 apiKey 或 AGNES_API_KEY）',
    }),
    malformed_authorization: () => ({
      cause: 'Authorization 请求头不是 "Bearer <key>" 的格式',
      fix: '发送 "Authorization: Bearer <你的 Key>"，Bearer 后只留一个空格',
    }),
    api_key_whitespace: () => ({
      cause: 'API Key 中含有空白或换行，通常来自复制或从文件读取',
      fix: '发送前去掉 Key 两端的空白（如 key.trim()）',
    }),
    unknown_key_prefix: () => ({
      cause:
        'API Key 不像 Agnes 的 Key（免费 Key 以 sk- 开头，Token Plan Key 以 cpk- 开头），可能不完整或属于其他服务商',
      fix: '从 Agnes 控制台重新完整复制 Key',
    }),
    invalid_api_key: () => ({
      cause: '服务器拒绝了该 API Key：Key 错误、已过期或属于其他账号',
      fix: '检查 Key 是否复制完整，或在 Agnes 控制台重新生成',
    }),
    insufficient_quota: () => ({
      cause: '账户余额或 Token Plan 额度已用完，重试无济于事',
      fix: '充值，或检查 Token Plan / 订阅状态后再重试',
    }),
    model_access_denied: (d) => ({
      cause: `当前账号或 Key 无权使用模型${d.model ? ` ${d.model}` : ''}`,
      fix: '检查账号的模型权限，并确认 Key 属于该账号',
    }),
    permission_denied: () => ({ cause: '当前账号或 Key 无权访问该资源' }),
    context_length_exceeded: (d) => ({
      cause: `输入超出了模型的上下文窗口${d.contextLimit !== undefined ? `（上限 ${d.contextLimit} 个 token）` : ''}${d.estimatedTokens ? `（约发送了 ${d.estimatedTokens} 个 token）` : ''}`,
      fix: '缩短提示词或删除较早的对话轮次',
    }),
    max_tokens_too_large: (d) => ({
      cause: `max_tokens${d.maxTokens !== undefined ? ` = ${d.maxTokens}` : ''} 超过上限 ${d.maxTokensLimit ?? 65536}`,
      fix: `将 max_tokens 设为 ${d.maxTokensLimit ?? 65536} 或更小`,
    }),
    n_must_be_1: (d) => ({
      cause: `请求了 n${d.n !== undefined ? ` = ${d.n}` : ''}，但 Agnes 只接受 n = 1`,
      fix: '发送 n: 1，需要多个结果时分多次请求',
    }),
    wrong_endpoint_for_model: (d) => ({
      cause: `模型${d.model ? ` ${d.model}` : ''} 不由该端点提供`,
      fix: `请使用 ${d.suggestedEndpoint ?? '/v1/images/generations'} 调用该模型`,
    }),
    model_not_found: (d) => ({
      cause: `模型${d.model ? ` "${d.model}"` : ''} 不存在或在当前账号下没有可用路由${
        d.suggestions
          ? `；您是否想用 ${d.suggestions
              .replace(', ', '（或 ')
              .replace(/（或 .*$/, '$&）')
              .replaceAll(', ', '、')}？`
          : ''
      }`,
      fix: '对照 GET /v1/models 检查模型名称，或配置备用模型',
    }),
    image_size_not_multiple_of_16: (d) => ({
      cause: `图片尺寸${d.size ? ` ${d.size}` : ''} 不是 16 的倍数；这是参数错误，不是服务故障`,
      fix: '宽和高都使用 16 的倍数，例如 1024x1024',
    }),
    video_size_not_multiple_of_64: (d) => ({
      cause: `视频尺寸${d.size ? ` ${d.size}` : ''} 不是 64 的倍数；这是参数错误，不是服务故障`,
      fix: '宽和高都使用 64 的倍数，例如 1280x704',
    }),
    video_frames_invalid: (d) => ({
      cause: `num_frames${d.numFrames !== undefined ? ` = ${d.numFrames}` : ''} 无效：不能超过 441，且须为 8n+1`,
      fix: '使用 81、121 或 441 等帧数',
    }),
    invalid_base64: (d) => ({
      cause: `${d.contentType ? `${d.contentType} data URL 中的` : ''}base64 数据不完整或无效`,
      fix: '发送完整的 base64 字符串（不含空格、引号，末尾未被截断），或改用公网 URL',
    }),
    invalid_parameters: (d) => ({
      cause: d.param ? `参数 "${d.param}" 的取值不被接受` : '参数取值无效或超出范围',
    }),
    payload_too_large: (d) => ({
      cause: `请求体${d.bodyBytes !== undefined ? `为 ${Math.round(d.bodyBytes / 1024)} KiB` : '过大'}${d.sizeLimitBytes !== undefined ? `，超过上限 ${formatBytes(d.sizeLimitBytes)}` : ''}${d.base64Images ? `，其中含 ${d.base64Images} 张 base64 图片（${Math.round((d.base64Bytes ?? 0) / 1024)} KiB）` : ''}`,
      fix: d.base64Images ? '图片改用公网 URL 而非 base64，或分批发送' : '缩短上下文或分批发送内容',
    }),
    headers_too_large: (d) => ({
      cause: `请求头共 ${d.headerBytes ?? '?'} 字节${d.largestHeaders ? `，最大的是 ${d.largestHeaders}` : ''}`,
      fix: '删除不需要的 Cookie 和自定义请求头',
    }),
    duplicate_task: () => ({
      cause: '第一次请求已经创建了任务，重试被当作重复提交拒绝',
      fix: '轮询任务状态（GET /agnesapi?video_id=...），不要再次提交',
    }),
    task_not_found: () => ({ cause: '不存在该 id 的任务', fix: '检查创建任务时返回的 video_id' }),
    conflict: () => ({ cause: '请求与正在处理的任务或资源冲突', fix: '再次提交前先检查任务状态' }),
    rate_limited: (d) => ({
      cause: `请求频率超出账号的 RPM 限制（免费账号：每分钟 20 次）${d.rpm ? `；客户端按每分钟 ${d.rpm} 次限速` : ''}`,
      fix: '降低并发或启用 rpm 限速；需要更高限额请升级到 Token Plan',
    }),
    caller_aborted: () => ({ cause: '请求被调用方中止' }),
    client_timeout: (d) => ({
      cause: `客户端在服务器响应前${d.timeoutMs ? `（${seconds(d.timeoutMs)}后）` : ''}放弃了等待`,
      fix: '增加客户端超时时间，长任务请使用异步任务和轮询',
    }),
    dns_failure: (d) => ({
      cause: `无法解析主机名${d.host ? ` ${d.host}` : ''}`,
      fix: '检查 Base URL 拼写、DNS 设置以及 HTTPS_PROXY / HTTP_PROXY 环境变量',
    }),
    connection_refused: (d) => ({
      cause: `连接${d.host ? ` ${d.host}` : '服务器'} 被拒绝`,
      fix: '检查 Base URL 和端口，以及 HTTPS_PROXY / HTTP_PROXY 中的代理',
    }),
    connection_reset: () => ({
      cause: '响应完成前连接被重置',
      fix: '检查网络和代理；在安全的情况下会自动重试',
    }),
    network_error: (d) => ({
      cause: `发生网络错误${d.code ? `（${d.code}）` : ''}`,
      fix: '检查网络、代理设置和 Base URL',
    }),
    too_many_redirects: () => ({
      cause: '服务器不断重定向请求（重定向循环或重定向次数过多），未自动重试',
      fix: '将 Base URL 设置为 https://apihub.agnes-ai.com/v1（使用 https，不带多余路径），并检查代理设置',
    }),
    invalid_response: () => ({
      cause: '无法读取服务器的响应：格式错误，或不是 API 返回的 JSON',
      fix: '检查 Base URL 是否指向 Agnes API（https://apihub.agnes-ai.com/v1），而不是网页或代理',
    }),
    stream_error: (d) => ({
      cause: `流式响应开始后出错${d.code ? `（${d.code}）` : ''}；已输出部分内容，未自动重试`,
      fix: '如果可以接受重复的回答，请重新发送整个请求',
    }),
    stream_interrupted: (d) => ({
      cause: `流式响应开始后连接中断${d.code ? `（${d.code}）` : ''}；已输出部分内容，未自动重放`,
      fix: '如果可以接受重复的回答，请重新发送整个请求',
    }),
    overloaded: () => ({
      cause: '服务商过载（529 overloaded_error）：暂时性拥塞，并非请求或模型的问题',
      fix: '稍等片刻后重试，通常几分钟内恢复',
    }),
    bad_request: () => ({ cause: '请求参数无效' }),
    not_found: (d) => ({ cause: `${d.path ?? '该路径'} 不存在` }),
    request_timeout: () => ({ cause: '服务器读取或处理请求超时' }),
    client_closed_request: () => ({ cause: '请求完成前连接被关闭' }),
    server_error: () => ({ cause: '服务器发生内部错误' }),
    bad_gateway: () => ({ cause: '网关未从上游模型服务收到有效响应' }),
    service_unavailable: () => ({ cause: '服务暂时不可用' }),
    gateway_timeout: () => ({ cause: '网关等待模型响应超时', fix: '长任务请使用异步任务并轮询状态' }),
    edge_unknown_error: () => ({ cause: '边缘节点返回了非标准的错误页面' }),
    edge_connection_timeout: () => ({ cause: '边缘节点无法连接上游服务' }),
    edge_timeout: () => ({ cause: '连接建立后上游服务处理时间过长', fix: '长任务请使用异步任务并轮询状态' }),
    unknown_status: () => ({ cause: '服务器返回了 Agnes 错误页未记录的状态码' }),
  },
  stops: {
    not_retryable: (d) => `${d.status ?? '该错误'} 不会重试：重发相同请求会以同样方式失败。`,
    final: () => '不会重试：在充值之前此错误不会自行恢复。',
    max_retries: () => '重试次数已用完。',
    deadline: (d) => `已停止：达到总时限 ${seconds(d.deadlineMs)}。`,
    budget_exhausted: () => '不会重试：重试预算已耗尽，故障期间失败会立即返回。',
    not_replayable: (d) =>
      d.endpoint === 'video_create'
        ? `不会重试：${d.method ?? 'POST'} ${d.path ?? ''} 会创建任务，服务器可能已经创建；请检查任务状态，不要重新提交。`
        : `不会重试：服务器可能已经处理了 ${d.method ?? 'POST'} ${d.path ?? ''}，无法确定再次发送是否安全（如确认安全，可设置 replay: 'always'）。`,
    unsafe_body: () => '不会重试：请求体是无法重复发送的流。',
    caller_aborted: () => '不会重试：调用方中止了请求。',
    retry_after_too_long: (d) =>
      `不会重试：服务器要求等待 ${seconds(d.retryAfterMs)}，超过 maxRetryAfterMs（${seconds(d.maxRetryAfterMs)}）。`,
    disabled: () => '此请求已关闭重试。',
    preflight: (d) =>
      `未发送：请求在发送前被拒绝${d.expectedStatus ? `，因为服务器会拒绝它（${d.expectedStatus}）` : ''}，未占用请求额度，也没有往返。请修改请求${d.rule ? `，或用 preflightRules: { ${d.rule}: false } 关闭此规则` : ''}。`,
  },
  noResponseTitle: '请求失败',
  notSentTitle: '请求未发送',
  providerSaid: (message) => `服务商返回：“${message}”。`,
  gaveUp: (attempts, elapsed) => `共尝试 ${attempts} 次、历时 ${elapsed} 后放弃。`,
  tryPrefix: '建议：',
  requestId: '请求 ID',
  listSeparator: '；',
  sentenceEnd: '。',
};
