import type { AgnesFailure, AgnesReason } from '@agnes-errors/core';

const base = 'https://apihub.agnes-ai.com/v1';
const key = 'sk-demo0000000000000000000000';
const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
const body = (message: string, extra: object = {}) =>
  JSON.stringify({ error: { message, type: 'new_api_error', ...extra } });

/** Failures as users meet them, each with the diagnosis core must reach. */
export const samples: readonly { title: string; failure: AgnesFailure; expected: AgnesReason }[] = [
  {
    title: 'base URL repeats /v1',
    failure: {
      status: 404,
      method: 'POST',
      url: `${base}/v1/chat/completions`,
      requestHeaders: auth,
      responseBody: body('Invalid URL (POST /v1/v1/chat/completions) (request id: 20261128102400001)'),
    },
    expected: 'duplicated_v1',
  },
  {
    title: 'no API key sent',
    failure: {
      status: 401,
      method: 'POST',
      url: `${base}/chat/completions`,
      requestHeaders: { 'content-type': 'application/json' },
      responseBody: body('未提供令牌'),
    },
    expected: 'missing_authorization',
  },
  {
    title: 'key read from a file with its newline',
    failure: {
      status: 401,
      method: 'POST',
      url: `${base}/chat/completions`,
      requestHeaders: { authorization: `Bearer ${key}\n` },
      responseBody: body('无效的令牌'),
    },
    expected: 'api_key_whitespace',
  },
  {
    title: '429 without Retry-After',
    failure: {
      status: 429,
      method: 'POST',
      url: `${base}/chat/completions`,
      requestHeaders: auth,
      responseBody: body('您已达到请求数限制：1分钟内最多请求20次'),
    },
    expected: 'rate_limited',
  },
  {
    title: '429 that is really a quota problem',
    failure: {
      status: 429,
      method: 'POST',
      url: `${base}/chat/completions`,
      requestHeaders: auth,
      responseBody: body('用户额度不足'),
    },
    expected: 'insufficient_quota',
  },
  {
    title: '500 about the image size',
    failure: {
      status: 500,
      method: 'POST',
      url: `${base}/images/generations`,
      requestHeaders: auth,
      requestBody: '{"model":"agnes-image-2.1-flash","prompt":"cat","size":"1000x1000"}',
      responseBody: body('internal error'),
    },
    expected: 'image_size_not_multiple_of_16',
  },
  {
    title: 'HTML 522 edge page',
    failure: {
      status: 522,
      method: 'POST',
      url: `${base}/chat/completions`,
      responseHeaders: { 'cf-ray': '8f0e2a9b1c-LAX' },
      responseBody:
        '<!DOCTYPE html><html><head><title>apihub.agnes-ai.com | 522: Connection timed out</title></head><body></body></html>',
    },
    expected: 'edge_connection_timeout',
  },
  {
    title: 'Chinese 400 about max_tokens',
    failure: {
      status: 400,
      method: 'POST',
      url: `${base}/chat/completions`,
      requestHeaders: auth,
      requestBody: '{"model":"agnes-2.5-flash","max_tokens":100000}',
      responseBody: body('max_tokens 不能超过 65536 (request id: 20261128102400002)'),
    },
    expected: 'max_tokens_too_large',
  },
  {
    title: 'image model on the chat endpoint',
    failure: {
      status: 400,
      method: 'POST',
      url: `${base}/chat/completions`,
      requestHeaders: auth,
      responseBody: body('模型 agnes-image-2.1-flash 是 image 模型，请使用 /v1/images/generations'),
    },
    expected: 'wrong_endpoint_for_model',
  },
  {
    title: 'unrouted model on 503',
    failure: {
      status: 503,
      method: 'POST',
      url: `${base}/chat/completions`,
      requestBody: '{"model":"agnes-9-flash"}',
      responseBody: body('当前分组 default 下对于模型 agnes-9-flash 无可用渠道'),
    },
    expected: 'model_not_found',
  },
  {
    title: 'base64 images too large',
    failure: {
      status: 413,
      method: 'POST',
      url: `${base}/chat/completions`,
      requestBody: JSON.stringify({
        model: 'agnes-2.5-flash',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(300_000)}` } },
            ],
          },
        ],
      }),
    },
    expected: 'payload_too_large',
  },
  {
    title: 'DNS failure',
    failure: {
      condition: 'network',
      errorCode: 'ENOTFOUND',
      method: 'GET',
      url: 'https://apihub.agnes-ai.co/v1/models',
    },
    expected: 'dns_failure',
  },
];
