import axios from 'axios';
import { describe, expect, it } from 'vitest';
import { chatBody, fast, rejection, setup } from './helpers.ts';

describe(`with axios' fetch adapter (axios ${axios.VERSION})`, () => {
  it('1. recovers from 503, 503', async () => {
    const { mock, api } = await setup(
      fast,
      { script: { 'POST /v1/chat/completions': [{ status: 503 }, { status: 503 }] } },
      { adapter: 'fetch' },
    );
    const response = await api.post('/chat/completions', chatBody);
    expect(response.data.object).toBe('chat.completion');
    expect(mock.requests).toHaveLength(3);
  });

  it('2. a 401 keeps the AxiosError and gains agnes', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 401 }] } }, { adapter: 'fetch' });
    const error = await rejection(api.post('/chat/completions', chatBody));
    expect(mock.requests).toHaveLength(1);
    expect(axios.isAxiosError(error)).toBe(true);
    expect(error.agnes).toMatchObject({ status: 401, retryable: false });
    expect(error.message).toMatch(/^Agnes API 401/);
  });

  it('5. a 429 with Retry-After: 1 is retried ~1 s later', async () => {
    const { mock, api } = await setup(
      fast,
      { script: { '*': [{ status: 429, retryAfter: 1 }] } },
      { adapter: 'fetch' },
    );
    expect((await api.post('/chat/completions', chatBody)).status).toBe(200);
    expect((mock.requests[1]?.time ?? 0) - (mock.requests[0]?.time ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('11. an abort during the backoff wait rejects at once with the cancel error', async () => {
    const controller = new AbortController();
    const { mock, api } = await setup(
      {
        baseDelayMs: 5000,
        maxDelayMs: 5000,
        random: () => 1,
        onRetry: () => setTimeout(() => controller.abort(), 20),
      },
      { script: { '*': [{ status: 503 }] } },
      { adapter: 'fetch' },
    );
    const started = Date.now();
    const error = await rejection(api.post('/chat/completions', chatBody, { signal: controller.signal }));
    expect(axios.isCancel(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(mock.requests).toHaveLength(1);
  });

  it('classifies a refused connection through the fetch adapter', async () => {
    const { mock, api } = await setup({ ...fast, maxRetries: 1 }, {}, { adapter: 'fetch' });
    await mock.close();
    const error = await rejection(api.get('/models'));
    expect(error.agnes?.reason).toBe('connection_refused');
    expect(error.agnes?.attempts).toBe(2);
  });
});
