import '@agnes-errors/core/zh';
import { inspect } from 'node:util';
import { AgnesError, classify, formatAgnesMessage, getAgnesInfo, isAgnesError } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';

const rateLimited = () =>
  classify({
    status: 429,
    method: 'POST',
    url: 'https://apihub.agnes-ai.com/v1/chat/completions',
    responseHeaders: { 'x-oneapi-request-id': '2026112810241234' },
    responseBody: { error: { message: '您已达到请求数限制：1分钟内最多请求20次', type: 'new_api_error' } },
  });

describe('formatAgnesMessage', () => {
  it('writes one line: status, title, diagnosis, provider words, attempts, fixes, request id', () => {
    const message = formatAgnesMessage({
      ...rateLimited(),
      attempts: 3,
      elapsedMs: 61_234,
      stop: 'max_retries',
    });
    expect(message).toBe(
      "Agnes API 429 Too Many Requests: request rate exceeded the account's RPM limit (free accounts: 20/min). " +
        'Provider said: "您已达到请求数限制：1分钟内最多请求20次". Gave up after 3 attempts over 61.2 s. ' +
        'Try: lower concurrency or enable rpm pacing; upgrade to a Token Plan for higher limits; wait one minute, then try again; send requests less often. ' +
        '[request id: 2026112810241234]',
    );
    expect(message).not.toContain('\n');
  });

  it('writes Chinese when asked, from an English diagnosis too', () => {
    const message = formatAgnesMessage(rateLimited(), { locale: 'zh' });
    expect(message).toMatch(/^Agnes API 429 请求过多：请求频率超出账号的 RPM 限制/);
    expect(message).toContain('建议：');
    expect(message).toContain('[请求 ID: 2026112810241234]');
  });

  it('states why a task-creating POST was not replayed', () => {
    const info = classify({ status: 504, method: 'POST', url: 'https://apihub.agnes-ai.com/v1/videos' });
    const message = formatAgnesMessage({
      ...info,
      attempts: 1,
      stop: 'not_replayable',
      stopDetails: { method: 'POST', path: '/v1/videos', endpoint: 'video_create' },
    });
    expect(message).toContain('check the task status instead of resubmitting');
  });

  it('does not call an endpoint it does not know task-creating', () => {
    const info = classify({
      status: 504,
      method: 'POST',
      url: 'https://apihub.agnes-ai.com/v1/audio/transcriptions',
    });
    expect(info.stop).toBe('not_replayable');
    const message = formatAgnesMessage(info);
    expect(message).toContain('the server may already have processed POST /v1/audio/transcriptions');
    expect(message).not.toContain('creates a task');
    expect(formatAgnesMessage(info, { locale: 'zh' })).not.toContain('会创建任务');
  });

  it('titles failures without a response', () => {
    const info = classify({
      condition: 'network',
      errorCode: 'ENOTFOUND',
      url: 'https://apihub.agnes-ai.co/v1/models',
    });
    expect(formatAgnesMessage(info)).toMatch(
      /^Agnes API request failed: the host name apihub.agnes-ai.co could not be resolved\./,
    );
  });
});

describe('AgnesError', () => {
  it('carries the diagnosis, is recognised across copies, and is found by getAgnesInfo', () => {
    const error = new AgnesError(rateLimited());
    expect(error.name).toBe('AgnesError');
    expect(error.status).toBe(429);
    expect(isAgnesError(error)).toBe(true);
    expect(
      isAgnesError(Object.assign(new Error('x'), { [Symbol.for('agnes-errors.AgnesError')]: true })),
    ).toBe(true);
    expect(isAgnesError(new Error('x'))).toBe(false);
    expect(getAgnesInfo(error)?.reason).toBe('rate_limited');
    expect(error.toJSON()).toMatchObject({
      name: 'AgnesError',
      status: 429,
      reason: 'rate_limited',
      title: 'Too Many Requests',
    });
  });

  it('shows its message and key facts in inspect output, also in a subclass, and hides the cause', () => {
    class AppError extends AgnesError {}
    const cause = Object.assign(new Error('socket'), { config: { headers: { secret: 'kept-out' } } });
    for (const error of [new AgnesError(rateLimited(), { cause }), new AppError(rateLimited(), { cause })]) {
      const shown = inspect(error, { depth: 8 });
      expect(shown.startsWith(`AgnesError: ${error.message}`)).toBe(true);
      expect(shown).toContain('"reason":"rate_limited"');
      expect(shown).not.toContain('kept-out');
      // The hook is not an enumerable own property: spreading the error never copies it.
      expect(Object.getOwnPropertySymbols({ ...error })).not.toContain(
        Symbol.for('nodejs.util.inspect.custom'),
      );
    }
  });
});

describe('getAgnesInfo', () => {
  it('classifies raw client error shapes it was not given', () => {
    const axiosLike = Object.assign(new Error('Request failed with status code 402'), {
      config: { method: 'post', url: 'https://apihub.agnes-ai.com/v1/chat/completions', headers: {} },
      response: { status: 402, headers: {}, data: { error: { message: 'insufficient balance' } } },
    });
    expect(getAgnesInfo(axiosLike)?.reason).toBe('insufficient_quota');
    const fetchCause = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(getAgnesInfo(fetchCause)?.reason).toBe('connection_refused');
    expect(getAgnesInfo(new DOMException('aborted', 'AbortError'))?.reason).toBe('caller_aborted');
    expect(getAgnesInfo(new Response('{}', { status: 200 }))).toBeUndefined();
    expect(getAgnesInfo(new Response('{}', { status: 503 }))?.reason).toBe('service_unavailable');
    expect(getAgnesInfo('nope')).toBeUndefined();
  });
});
