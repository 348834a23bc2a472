import type { ProviderLocale } from './types.ts';

/** The provider's usual messages per status, in the shapes new-api sends them. */
const defaultMessages: Record<number, Record<ProviderLocale, string>> = {
  400: { en: 'Invalid request parameters', zh: '请求参数错误' },
  401: { en: 'Invalid token', zh: '无效的令牌' },
  402: { en: 'Insufficient account balance, please top up', zh: '用户额度不足，请充值' },
  403: { en: 'This key is not allowed to access the model', zh: '该令牌无权访问模型' },
  404: { en: 'Invalid URL', zh: '无效的 URL' },
  405: { en: 'Method not allowed', zh: '请求方法不被允许' },
  408: { en: 'Request timeout', zh: '请求超时' },
  409: { en: 'Duplicate task submission', zh: '任务重复提交' },
  413: { en: 'Request body too large', zh: '请求体过大' },
  415: { en: 'Unsupported media type', zh: '不支持的媒体类型' },
  422: { en: 'Invalid parameter value', zh: '参数值无效' },
  429: {
    en: 'You have reached the request limit: at most {rpm} requests per minute',
    zh: '您已达到请求数限制：1分钟内最多请求{rpm}次',
  },
  431: { en: 'Request header fields too large', zh: '请求头过大' },
  499: { en: 'Client closed request', zh: '客户端关闭了请求' },
  500: { en: 'Internal server error', zh: '服务器内部错误' },
  502: { en: 'Bad gateway: upstream returned an invalid response', zh: '上游服务返回了无效响应' },
  503: { en: 'Service temporarily unavailable', zh: '服务暂时不可用' },
  504: { en: 'Upstream request timed out', zh: '上游请求超时' },
  529: { en: 'Overloaded', zh: '服务过载' },
};

let counter = 0;

/** A request id in new-api's style: a timestamp and a random tail. */
export function newRequestId(): string {
  counter += 1;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 17);
  return `${stamp}${String(counter).padStart(4, '0')}${Math.random().toString(36).slice(2, 8)}`;
}

export function defaultMessage(status: number, locale: ProviderLocale, rpm = 20): string {
  const message =
    defaultMessages[status]?.[locale] ?? (locale === 'zh' ? `错误 ${status}` : `Error ${status}`);
  return message.replace('{rpm}', String(rpm));
}

/** `{"error":{message,type,param,code}}` with the request id appended as the provider does. */
export function errorBody(
  message: string,
  requestId: string,
  type = 'new_api_error',
  code: string | number | null = null,
  param = '',
): string {
  return JSON.stringify({ error: { message: `${message} (request id: ${requestId})`, type, param, code } });
}

const edgeTitles: Record<number, string> = {
  520: 'Web server is returning an unknown error',
  522: 'Connection timed out',
  524: 'A timeout occurred',
};

/** A Cloudflare-style edge error page. */
export function edgePage(status: number, host: string, rayId: string): string {
  const title = edgeTitles[status] ?? 'Error';
  return `<!DOCTYPE html>
<html lang="en-US"><head><title>${host} | ${status}: ${title}</title><meta charset="UTF-8" /></head>
<body><div id="cf-wrapper"><h1><span>${title}</span> <span>Error code ${status}</span></h1>
<p>Visit <a href="https://www.cloudflare.com/">cloudflare.com</a> for more information.</p>
<p>Cloudflare Ray ID: <strong>${rayId}</strong></p></div></body></html>`;
}
