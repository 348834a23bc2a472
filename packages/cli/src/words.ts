/** Every sentence the CLI writes itself (core writes the diagnoses), in English and Chinese. */
const en = {
  titles: {
    key: 'API key',
    base_url: 'Base URL',
    proxy: 'Proxy variables',
    dns: 'DNS',
    tcp: 'TCP connect',
    tls: 'TLS handshake',
    models: 'GET /v1/models',
    model: 'Model',
    rate_limit: 'Rate limit',
    chat: 'Chat request',
  },
  key: {
    missing: 'not set (AGNES_API_KEY, OPENAI_API_KEY or --api-key)',
    missingFix: 'set AGNES_API_KEY to the key from the Agnes console',
    figure: (masked: string, length: number, kind: string, source: string) =>
      `${masked}, ${length} characters, ${kind}, from ${source}`,
    kindFree: 'free key (sk-)',
    kindPlan: 'Token Plan key (cpk-)',
    kindUnknown: 'unknown prefix',
    newline: 'contains a line break',
    newlineFix: 'copy the key again onto one line (in .env files, do not wrap it)',
    whitespace: (where: 'start' | 'end' | 'inside') =>
      `has a space or tab ${where === 'inside' ? 'inside it' : `at the ${where}`}`,
    whitespaceFix: 'remove the spaces and tabs around and inside the key',
    quotes: 'is wrapped in quotes, which would be sent as part of the key',
    quotesFix: 'remove the quotes around the key',
    maskedForm: 'contains "…" or "*": this is the masked form the console shows, not the key',
    maskedFormFix: "copy the full key with the console's copy button, not the text shown on screen",
    badCharacters: 'contains characters that keys do not have',
    badCharactersFix: 'copy the key again from the Agnes console',
    prefix: 'starts with neither sk- (free key) nor cpk- (Token Plan key)',
    prefixFix: "check that this is an Agnes key, not another provider's",
    short: (length: number) =>
      `is short (${length} characters after the prefix): it may have been cut when copied`,
    shortFix: 'check that the key was copied completely',
  },
  baseUrl: {
    figure: (url: string, where: string) => `${url} (${where})`,
    international: 'Agnes international',
    china: 'Agnes China',
    otherHost: 'not an Agnes host',
    notUrl: 'is not a URL',
    notUrlFix: 'use https://apihub.agnes-ai.com/v1 (international) or https://api.agnes-ai.cn/v1 (China)',
    scheme: (scheme: string) => `uses ${scheme}, which no client can call`,
    plainHttp: 'uses http: the Agnes API is served over https',
    plainHttpFix: 'use https://',
    unknownHost: (host: string) => `${host} is not a known Agnes host (a gateway, proxy or mock?)`,
    unknownHostFix:
      'use apihub.agnes-ai.com (international) or api.agnes-ai.cn (China), unless you use a gateway on purpose',
    duplicatedV1: 'repeats /v1 (…/v1/v1): clients add paths to it, so every request goes to /v1/v1/…',
    duplicatedV1Fix: 'end the base URL with a single /v1',
    missingV1: 'has no /v1: OpenAI-compatible clients add /chat/completions right after it',
    missingV1Fix: 'add /v1 at the end of the base URL',
    extraPath: (path: string) => `ends with ${path}: clients add the endpoint path themselves`,
    extraPathFix: 'cut the base URL after /v1',
    extras: 'carries a query string, a fragment or credentials',
    extrasFix: 'remove everything after /v1',
  },
  proxy: {
    none: 'no proxy variable is set',
    applies: (name: string, value: string, host: string) =>
      `${name}=${value} applies to ${host}: tools that honour it send through that proxy (doctor connects directly)`,
    appliesFix: 'if requests fail only through the proxy, check the proxy, or add the host to NO_PROXY',
    excluded: (name: string, host: string) => `${name} is set, but NO_PROXY excludes ${host}`,
    otherScheme: (name: string) => `only ${name} is set, which does not apply to this scheme`,
    invalid: (name: string) => `${name} is not a proxy URL`,
    invalidFix: (name: string) => `set ${name} to http://host:port, or unset it`,
    differ: (upper: string, lower: string) => `${upper} and ${lower} differ: tools pick different ones`,
    differFix: 'keep one of them, or make them equal',
  },
  dns: {
    literal: 'an IP address: nothing to resolve',
    resolved: (addresses: string, ms: number) => `${addresses} in ${ms} ms`,
    privateAddress:
      'an Agnes host resolves to a private or loopback address (hosts file, VPN or DNS hijacking?)',
    privateAddressFix: 'check /etc/hosts and the DNS settings',
    notFound: (host: string, code: string) => `${host} does not resolve (${code})`,
    notFoundFix:
      'check the host name; if it is right, change the DNS settings (e.g. a public resolver) or check the network',
    timeout: (ms: number) => `no answer within ${ms} ms`,
    timeoutFix: 'check the network connection and the DNS settings',
  },
  tcp: {
    connected: (address: string, ms: number) => `${address} in ${ms} ms`,
    refused: (address: string) => `${address} refused the connection (nothing listens there)`,
    refusedFix: 'check the port in the base URL; a firewall may block it, or a proxy may be needed',
    timeout: (address: string, ms: number) => `no connection to ${address} within ${ms} ms`,
    timeoutFix: 'a firewall may drop the traffic: check the network, or configure a proxy',
    failed: (address: string, code: string) => `could not connect to ${address} (${code})`,
    failedFix: 'check the network connection and proxy settings',
  },
  tls: {
    notHttps: 'not https: no TLS',
    done: (protocol: string, ms: number, name: string, validTo: string) =>
      `${protocol} in ${ms} ms, certificate for ${name}, valid until ${validTo}`,
    timeout: (ms: number) =>
      `no TLS answer within ${ms} ms: the server accepted the connection and said nothing`,
    timeoutFix: 'check that this port speaks https; a proxy or firewall may be in the way',
    rejected: (code: string) => `the certificate was rejected (${code})`,
    rejectedFix:
      'a proxy or firewall may intercept TLS: if that is intended, set NODE_EXTRA_CA_CERTS to its certificate; otherwise check the network',
  },
  models: {
    listed: (ms: number, count: number) => `200 in ${ms} ms: ${count} models`,
    answered: (status: number, ms: number) => `${status} in ${ms} ms`,
    notList: 'answered 200, but not with a model list',
    notListFix: 'check that the base URL points at the Agnes API, not a web page',
    timeout: (ms: number) => `no answer within ${ms} ms`,
    timeoutFix: 'the server took the request and did not answer: check proxies, or try again later',
    failed: (code: string) => `the request failed (${code})`,
    failedFix: 'check the network and proxy settings',
  },
  model: {
    none: 'no --model given',
    found: (model: string) => `${model} is available to this key`,
    missing: (model: string, count: number) => `${model} is not among the ${count} models this key can use`,
    closest: (names: string) => `closest: ${names}`,
    useFix: (model: string) => `use ${model}`,
    pickFix: 'pick a model from the list above',
  },
  rateLimit: {
    none: 'the server sent no rate-limit headers',
    values: (values: string): string => values,
  },
  chat: {
    notAsked: 'not sent (--chat sends one small, billed request)',
    notice: (model: string) => `Sending one chat request to ${model} (max_tokens 1). It is billed.`,
    done: (ms: number, model: string) => `200 in ${ms} ms from ${model}`,
  },
  skipped: (title: string) => `skipped: the ${title} step failed`,
  skippedNoKey: 'skipped: no usable key',
  moreModels: (count: number) => `and ${count} more`,
  summaryOk: 'All checks passed.',
  summaryProblems: (count: number) => `${count} problem${count === 1 ? '' : 's'} found.`,
  fixLabel: 'fix: ',
  explain: {
    readAs: {
      status: 'a status code',
      curl: 'curl -i output',
      json: 'a JSON error body',
      text: 'an error message',
    },
    readAsLine: (kind: string) => `Read as ${kind}.`,
    nothing: 'Found no status, error body or error code in the input.',
    noStatus: 'No status found: pass --status N for a more precise diagnosis.',
    diagnosis: 'Diagnosis',
    reason: 'Reason',
    retryable: (yes: boolean): string =>
      yes ? 'Retrying can help.' : 'Retrying the same request will not help.',
    fixes: 'Fixes',
  },
} as const;

/** The CLI's words in one language. */
export type Words = {
  readonly [Part in keyof typeof en]: (typeof en)[Part] extends (...args: infer A) => string
    ? (...args: A) => string
    : (typeof en)[Part] extends string
      ? string
      : Widen<(typeof en)[Part]>;
};
type Widen<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : T[K] extends string
      ? string
      : Widen<T[K]>;
};

const zh: Words = {
  titles: {
    key: 'API 密钥',
    base_url: 'Base URL',
    proxy: '代理环境变量',
    dns: 'DNS 解析',
    tcp: 'TCP 连接',
    tls: 'TLS 握手',
    models: 'GET /v1/models',
    model: '模型',
    rate_limit: '速率限制',
    chat: '对话请求',
  },
  key: {
    missing: '未设置（AGNES_API_KEY、OPENAI_API_KEY 或 --api-key）',
    missingFix: '将 AGNES_API_KEY 设置为 Agnes 控制台中的密钥',
    figure: (masked, length, kind, source) => `${masked}，${length} 个字符，${kind}，来自 ${source}`,
    kindFree: '免费密钥（sk-）',
    kindPlan: 'Token Plan 密钥（cpk-）',
    kindUnknown: '未知前缀',
    newline: '包含换行符',
    newlineFix: '重新复制密钥，保持在一行内（.env 文件中不要换行）',
    whitespace: (where) => `${where === 'start' ? '开头' : where === 'end' ? '末尾' : '中间'}有空格或制表符`,
    whitespaceFix: '删除密钥前后和中间的空格与制表符',
    quotes: '被引号包住，引号会作为密钥的一部分发送',
    quotesFix: '删除密钥两侧的引号',
    maskedForm: '包含 "…" 或 "*"：这是控制台显示的遮盖形式，不是密钥本身',
    maskedFormFix: '使用控制台的复制按钮复制完整密钥，不要复制屏幕上显示的文字',
    badCharacters: '包含密钥中不会出现的字符',
    badCharactersFix: '从 Agnes 控制台重新复制密钥',
    prefix: '既不以 sk-（免费密钥）也不以 cpk-（Token Plan 密钥）开头',
    prefixFix: '确认这是 Agnes 的密钥，而不是其他服务商的',
    short: (length) => `偏短（前缀后只有 ${length} 个字符）：可能复制时被截断`,
    shortFix: '确认密钥已完整复制',
  },
  baseUrl: {
    figure: (url, where) => `${url}（${where}）`,
    international: 'Agnes 国际站',
    china: 'Agnes 中国站',
    otherHost: '不是 Agnes 的主机',
    notUrl: '不是有效的 URL',
    notUrlFix: '使用 https://apihub.agnes-ai.com/v1（国际站）或 https://api.agnes-ai.cn/v1（中国站）',
    scheme: (scheme) => `使用了 ${scheme}，客户端无法调用`,
    plainHttp: '使用了 http：Agnes API 通过 https 提供',
    plainHttpFix: '改用 https://',
    unknownHost: (host) => `${host} 不是已知的 Agnes 主机（网关、代理或模拟服务？）`,
    unknownHostFix: '除非有意使用网关，请使用 apihub.agnes-ai.com（国际站）或 api.agnes-ai.cn（中国站）',
    duplicatedV1: '重复了 /v1（…/v1/v1）：客户端会在其后追加路径，所有请求都会发往 /v1/v1/…',
    duplicatedV1Fix: 'Base URL 只以一个 /v1 结尾',
    missingV1: '缺少 /v1：兼容 OpenAI 的客户端会直接在其后追加 /chat/completions',
    missingV1Fix: '在 Base URL 末尾加上 /v1',
    extraPath: (path) => `以 ${path} 结尾：客户端会自己追加端点路径`,
    extraPathFix: '将 Base URL 截到 /v1 为止',
    extras: '带有查询参数、片段或凭据',
    extrasFix: '删除 /v1 之后的所有内容',
  },
  proxy: {
    none: '未设置代理变量',
    applies: (name, value, host) =>
      `${name}=${value} 适用于 ${host}：遵循该变量的工具会经由此代理发送（doctor 直接连接）`,
    appliesFix: '如果只有经过代理时请求失败，请检查代理，或将该主机加入 NO_PROXY',
    excluded: (name, host) => `已设置 ${name}，但 NO_PROXY 排除了 ${host}`,
    otherScheme: (name) => `只设置了 ${name}，它不适用于该协议`,
    invalid: (name) => `${name} 不是有效的代理 URL`,
    invalidFix: (name) => `将 ${name} 设置为 http://主机:端口，或删除它`,
    differ: (upper, lower) => `${upper} 与 ${lower} 不一致：不同工具会选用不同的值`,
    differFix: '只保留其中一个，或使二者相同',
  },
  dns: {
    literal: 'IP 地址：无需解析',
    resolved: (addresses, ms) => `${addresses}，用时 ${ms} ms`,
    privateAddress: 'Agnes 主机被解析到内网或回环地址（hosts 文件、VPN 或 DNS 劫持？）',
    privateAddressFix: '检查 /etc/hosts 与 DNS 设置',
    notFound: (host, code) => `${host} 无法解析（${code}）`,
    notFoundFix: '检查主机名；若主机名无误，请更换 DNS 设置（例如公共 DNS）或检查网络',
    timeout: (ms) => `${ms} ms 内没有应答`,
    timeoutFix: '检查网络连接和 DNS 设置',
  },
  tcp: {
    connected: (address, ms) => `${address}，用时 ${ms} ms`,
    refused: (address) => `${address} 拒绝连接（该端口无服务监听）`,
    refusedFix: '检查 Base URL 中的端口；可能被防火墙拦截，或需要配置代理',
    timeout: (address, ms) => `${ms} ms 内未能连接 ${address}`,
    timeoutFix: '防火墙可能丢弃了流量：检查网络，或配置代理',
    failed: (address, code) => `无法连接 ${address}（${code}）`,
    failedFix: '检查网络连接和代理设置',
  },
  tls: {
    notHttps: '不是 https：无 TLS',
    done: (protocol, ms, name, validTo) =>
      `${protocol}，用时 ${ms} ms，证书颁发给 ${name}，有效期至 ${validTo}`,
    timeout: (ms) => `${ms} ms 内没有 TLS 应答：服务器接受了连接但没有回应`,
    timeoutFix: '确认该端口提供 https；可能有代理或防火墙阻隔',
    rejected: (code) => `证书被拒绝（${code}）`,
    rejectedFix:
      '可能有代理或防火墙拦截 TLS：若属有意为之，请将其证书设置到 NODE_EXTRA_CA_CERTS；否则请检查网络',
  },
  models: {
    listed: (ms, count) => `200，用时 ${ms} ms：${count} 个模型`,
    answered: (status, ms) => `${status}，用时 ${ms} ms`,
    notList: '返回了 200，但不是模型列表',
    notListFix: '确认 Base URL 指向 Agnes API，而不是网页',
    timeout: (ms) => `${ms} ms 内没有应答`,
    timeoutFix: '服务器接收了请求但没有应答：检查代理，或稍后重试',
    failed: (code) => `请求失败（${code}）`,
    failedFix: '检查网络和代理设置',
  },
  model: {
    none: '未指定 --model',
    found: (model) => `该密钥可以使用 ${model}`,
    missing: (model, count) => `${model} 不在该密钥可用的 ${count} 个模型中`,
    closest: (names) => `最接近的：${names}`,
    useFix: (model) => `改用 ${model}`,
    pickFix: '从上面的列表中选择一个模型',
  },
  rateLimit: {
    none: '服务器没有返回速率限制响应头',
    values: (values) => values,
  },
  chat: {
    notAsked: '未发送（--chat 会发送一个很小的计费请求）',
    notice: (model) => `将向 ${model} 发送一个对话请求（max_tokens 1），该请求会计费。`,
    done: (ms, model) => `200，用时 ${ms} ms，来自 ${model}`,
  },
  skipped: (title) => `已跳过：${title} 检查未通过`,
  skippedNoKey: '已跳过：没有可用的密钥',
  moreModels: (count) => `另有 ${count} 个`,
  summaryOk: '所有检查均已通过。',
  summaryProblems: (count) => `发现 ${count} 个问题。`,
  fixLabel: '解决：',
  explain: {
    readAs: {
      status: '状态码',
      curl: 'curl -i 输出',
      json: 'JSON 错误响应体',
      text: '错误信息',
    },
    readAsLine: (kind) => `按${kind}解析。`,
    nothing: '输入中没有找到状态码、错误响应体或错误代码。',
    noStatus: '没有找到状态码：传入 --status N 可得到更准确的诊断。',
    diagnosis: '诊断',
    reason: '原因代码',
    retryable: (yes) => (yes ? '重试可能有效。' : '原样重试不会成功。'),
    fixes: '解决方法',
  },
};

/** The words of a locale (`zh`, or English for anything else). */
export function wordsFor(locale: 'en' | 'zh'): Words {
  return locale === 'zh' ? zh : (en as unknown as Words);
}
