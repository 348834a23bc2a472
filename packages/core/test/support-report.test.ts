import { agnesFetch, classify, formatSupportReport, getAgnesInfo } from '@agnes-errors/core';
import { zh } from '@agnes-errors/core/zh';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';

const key = 'sk-reporttest0123456789abcdef';
let mock: MockAgnes | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const time = new Date(Date.UTC(2026, 10, 29, 23, 59, 1));

describe('formatSupportReport', () => {
  it('gives time, request id, request, model, status, reason, attempts and versions, with no key and no prompt', async () => {
    mock = await startMockAgnes({
      script: { 'POST /v1/chat/completions': [{ status: 503 }, { status: 503 }] },
    });
    const response = await agnesFetch({
      maxRetries: 1,
      baseDelayMs: 5,
      maxDelayMs: 10,
      hosts: ['127.0.0.1'],
    })(`${mock.baseURL}/chat/completions?key=${key}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({
        model: 'agnes-2.5-flash',
        messages: [{ role: 'user', content: 'my secret prompt' }],
      }),
    });
    const report = formatSupportReport(response, {
      time,
      model: 'agnes-2.5-flash',
      versions: { '@agnes-errors/core': '1.0.0' },
    });
    const requestId = getAgnesInfo(response)?.requestId;
    expect(requestId).toBeTruthy();
    expect(report).toContain('Agnes API support report');
    expect(report).toContain('Time (UTC):');
    expect(report).toContain('2026-11-29T23:59:01.000Z');
    expect(report).toContain(`Request id:      ${requestId}`);
    expect(report).toContain(`POST ${mock.origin}/v1/chat/completions`);
    expect(report).toContain('agnes-2.5-flash');
    expect(report).toContain('503 Service Unavailable');
    expect(report).toContain('service_unavailable');
    expect(report).toMatch(/Attempts: +2 \(waited/);
    expect(report).toContain('max_retries');
    expect(report).toContain('@agnes-errors/core 1.0.0');
    expect(report).toMatch(/Runtime: +Node\.js \d+/);
    expect(report).not.toContain(key);
    expect(report).not.toContain('my secret prompt');
    expect(report).not.toContain('?key=');
  });

  it('accepts an info and writes the labels and diagnosis in its locale (or the one asked for)', () => {
    const info = classify(
      {
        status: 401,
        method: 'GET',
        url: 'https://apihub.agnes-ai.com/v1/models',
        requestHeaders: { authorization: `Bearer ${key}` },
        responseBody: { error: { message: `Invalid token ${key} (request id: 2026112900000000abc)` } },
      },
      { locale: zh },
    );
    const report = formatSupportReport(info, { time });
    expect(report).toContain('Agnes API 技术支持报告');
    expect(report).toContain('请求 ID');
    expect(report).toContain('2026112900000000abc');
    expect(report).not.toContain(key);
    const english = formatSupportReport(info, { time, locale: 'en' });
    expect(english).toContain('Request id');
    expect(english).toContain('401 Unauthorized');
    expect(english).not.toContain(key);
  });

  it('says there was no response for a network failure', () => {
    const info = classify({
      condition: 'network',
      errorCode: 'ECONNREFUSED',
      method: 'POST',
      url: 'http://127.0.0.1:9/v1/chat/completions',
    });
    const report = formatSupportReport(info, { time });
    expect(report).toMatch(/Status: +no response/);
    expect(report).toContain('connection_refused');
  });

  it('never throws: a value that is no failure still gives the time and runtime', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('no');
        },
      },
    );
    for (const value of [undefined, null, 42, 'text', hostile]) {
      const report = formatSupportReport(value, { time });
      expect(report).toContain('Agnes API support report');
    }
  });
});
