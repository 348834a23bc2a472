import { AgnesError, isAgnesError } from '@agnes-errors/core';
import axios from 'axios';
import axiosRetry from 'axios-retry';
import { describe, expect, it } from 'vitest';
import { apiKey, chatBody, fast, rejection, setup } from './helpers.ts';

describe(`options and coexistence (axios ${axios.VERSION})`, () => {
  it('leaves a 200 untouched: same body, same response shape as a bare instance', async () => {
    const { api } = await setup(fast);
    const plain = axios.create({
      baseURL: api.defaults.baseURL ?? '',
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    const [ours, theirs] = await Promise.all([api.get('/models'), plain.get('/models')]);
    expect(ours.data).toEqual(theirs.data);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
  });

  it('keeps error.config usable while its JSON carries no key', async () => {
    const { api } = await setup(fast, { script: { '*': [{ status: 401 }] } });
    const error = await rejection(api.post('/chat/completions', chatBody));
    expect(String(error.config?.headers?.Authorization)).toBe(`Bearer ${apiKey}`);
    expect(JSON.stringify(error)).not.toContain(apiKey);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      status: 401,
      agnes: { reason: 'invalid_api_key' },
    });
  });

  it('takes per-request overrides from config.agnesOptions', async () => {
    const { mock, api } = await setup(fast, { script: { '*': Array(10).fill({ status: 503 }) } });
    const error = await rejection(
      api.post('/chat/completions', chatBody, { agnesOptions: { maxRetries: 0 } }),
    );
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes?.stop).toBe('max_retries');
  });

  it('takes preflight per request: a request that would be refused is sent with preflight off', async () => {
    const { mock, api } = await setup(fast);
    const body = { ...chatBody, n: 2 };
    const refused = await rejection(api.post('/chat/completions', body));
    expect(refused.code).toBe('ERR_AGNES_PREFLIGHT');
    expect(mock.requests).toHaveLength(0);
    const answered = await rejection(
      api.post('/chat/completions', body, { agnesOptions: { preflight: 'off' } }),
    );
    expect(mock.requests).toHaveLength(1);
    expect(answered.response?.status).toBe(400);
    expect(answered.agnes?.reason).toBe('n_must_be_1');
  });

  it('still takes them from the deprecated config.agnes', async () => {
    const { mock, api } = await setup(fast, { script: { '*': Array(10).fill({ status: 503 }) } });
    const error = await rejection(api.post('/chat/completions', chatBody, { agnes: { maxRetries: 1 } }));
    expect(mock.requests).toHaveLength(2);
    expect(error.agnes?.stop).toBe('max_retries');
  });

  it('leaves a request with agnesOptions: false alone', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 503 }] } });
    const error = await rejection(api.post('/chat/completions', chatBody, { agnesOptions: false }));
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes).toBeUndefined();
    expect(error.message).toBe('Request failed with status code 503');
  });

  it('turns axios-retry off for its requests so attempts never multiply', async () => {
    const { mock, api } = await setup(
      { ...fast, maxRetries: 2 },
      { script: { '*': Array(20).fill({ status: 503 }) } },
    );
    axiosRetry(api, { retries: 3, retryDelay: () => 0, retryCondition: () => true });
    await rejection(api.post('/chat/completions', chatBody));
    expect(mock.requests).toHaveLength(3);
  });

  it('honours validateStatus: an accepted status is not an error and is not retried', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 503 }] } });
    const response = await api.post('/chat/completions', chatBody, { validateStatus: () => true });
    expect(response.status).toBe(503);
    expect(mock.requests).toHaveLength(1);
  });

  it('detach() restores the instance', async () => {
    const { mock, api, detach } = await setup(fast, { script: { '*': [{ status: 503 }, { status: 503 }] } });
    detach();
    const error = await rejection(api.post('/chat/completions', chatBody));
    expect(error.agnes).toBeUndefined();
    expect(mock.requests).toHaveLength(1);
  });

  it('throws AgnesError with the AxiosError as cause when asked', async () => {
    const { api } = await setup({ ...fast, throwAgnesError: true }, { script: { '*': [{ status: 402 }] } });
    const error = await rejection(api.post('/chat/completions', chatBody));
    expect(error).toBeInstanceOf(AgnesError);
    expect(isAgnesError(error)).toBe(true);
    expect(axios.isAxiosError((error as unknown as AgnesError).cause)).toBe(true);
  });

  it('classifies a per-attempt timeout, retries it, and reports the timeout', async () => {
    const { mock, api } = await setup(
      { ...fast, maxRetries: 1 },
      { script: { '*': [{ hang: true }, { hang: true }] } },
      { timeout: 100 },
    );
    const error = await rejection(api.get('/models'));
    expect(mock.requests).toHaveLength(2);
    expect(error.agnes?.reason).toBe('client_timeout');
    expect(error.code).toBe('ECONNABORTED');
    expect(error.message).toMatch(/gave up waiting after 0.1 s/);
  });

  it('classifies a refused connection and a DNS failure', async () => {
    const { mock, api } = await setup({ ...fast, maxRetries: 1, hosts: ['agnes-mock-host.invalid'] });
    await mock.close();
    const refused = await rejection(api.get('/models'));
    expect(refused.agnes).toMatchObject({ reason: 'connection_refused', attempts: 2 });
    const dns = await rejection(api.get('http://agnes-mock-host.invalid/v1/models'));
    expect(dns.agnes?.reason).toBe('dns_failure');
  });

  it('replays a chat POST after a connection reset but not a video task POST', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ reset: 'before' }, { reset: 'before' }] } });
    expect((await api.post('/chat/completions', chatBody)).status).toBe(200);
    expect(mock.requests).toHaveLength(3);
    mock.reset();
    mock.script('*', [{ reset: 'before' }]);
    const error = await rejection(api.post('/videos', { model: 'agnes-video-v2.0', prompt: 'sea' }));
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes).toMatchObject({ reason: 'connection_reset', stop: 'not_replayable' });
  });

  it('holds a new call while the client is paused after a 429 without Retry-After', async () => {
    let pausedAt = 0;
    const { mock, api } = await setup(
      {
        ...fast,
        rpmWindowMs: 400,
        onRetry: () => {
          pausedAt = Date.now();
        },
      },
      { script: { '*': [{ status: 429 }] } },
    );
    const first = api.get('/models');
    while (pausedAt === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = api.get('/models');
    await Promise.all([first, second]);
    expect(mock.requests).toHaveLength(3);
    for (const request of mock.requests.slice(1)) expect(request.time - pausedAt).toBeGreaterThanOrEqual(380);
  });

  it('stops at deadlineMs instead of sleeping past it', async () => {
    const { mock, api } = await setup(
      { deadlineMs: 500 },
      { script: { '*': [{ status: 429, retryAfter: 3 }] } },
    );
    const started = Date.now();
    const error = await rejection(api.post('/chat/completions', chatBody));
    expect(Date.now() - started).toBeLessThan(400);
    expect(error.agnes?.stop).toBe('deadline');
    expect(mock.requests).toHaveLength(1);
  });
});
