import { getAgnesInfo } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';
import { expectNoKeyInCauseChain } from '../../../tooling/vitest/cause-chain.ts';
import { peakMemoryGrowth } from '../../../tooling/vitest/memory.ts';
import { apiKey, chatBody, rejection, setup } from './helpers.ts';

describe('attachAgnes: nothing reachable through cause prints the key', () => {
  const secret = 'agnesquerykey0123456789abcdef';
  const echo = {
    '*': [{ status: 401, headers: { 'x-echo-key': secret, 'x-echo-bearer': `Bearer ${apiKey}` } }],
  };
  for (const throwAgnesError of [false, true]) {
    it(`with the key echoed in a header and sent in the query string (throwAgnesError: ${throwAgnesError})`, async () => {
      const { api } = await setup({ maxRetries: 0, throwAgnesError }, { script: echo });
      const error = await rejection(api.post('/chat/completions', chatBody, { params: { api_key: secret } }));
      expect(getAgnesInfo(error)).toMatchObject({ status: 401 });
      expectNoKeyInCauseChain(error, secret);
      expectNoKeyInCauseChain(error, apiKey);
    });
  }
});

describe('attachAgnes and a 50 MB error body', () => {
  it('reads at most about maxErrorBodyBytes of it per attempt and still classifies it by status', async () => {
    const step = { status: 500, largeBodyBytes: 50 * 1024 * 1024 };
    const { mock, api } = await setup(
      { maxRetries: 2, baseDelayMs: 1, maxErrorBodyBytes: 256 * 1024 },
      { script: { '*': [step, step, step] } },
    );
    let error: Awaited<ReturnType<typeof rejection>> | undefined;
    const growth = await peakMemoryGrowth(async () => {
      error = await rejection(api.post('/chat/completions', chatBody));
    });
    expect(getAgnesInfo(error)).toMatchObject({ status: 500, reason: 'server_error', attempts: 3 });
    expect(error?.response?.status).toBe(500);
    expect(typeof error?.response?.data).toBe('string');
    expect(String(error?.response?.data)).toMatch(/^\{"error":\{"type":"new_api_error"/);
    expect(mock.requests).toHaveLength(3);
    // What the server could write is what axios read, plus what the sockets buffer (a few MB).
    for (const request of mock.requests) expect(request.bodyBytesSent).toBeLessThan(12 * 1024 * 1024);
    // Without the cap: about +75 MB per attempt.
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  });

  it('gives a success body exactly as axios does', async () => {
    const { api } = await setup();
    const json = await api.post('/chat/completions', chatBody);
    expect(json.data).toMatchObject({ object: 'chat.completion' });
    const text = await api.post('/chat/completions', chatBody, { responseType: 'text' });
    expect(typeof text.data).toBe('string');
    const bytes = await api.post('/chat/completions', chatBody, { responseType: 'arraybuffer' });
    expect(Buffer.isBuffer(bytes.data)).toBe(true);
    expect(JSON.parse(Buffer.from(bytes.data as ArrayBuffer).toString())).toMatchObject({
      object: 'chat.completion',
    });
  });
});

describe('attachAgnes and deadlineMs', () => {
  it('ends a success body that trickles at the deadline', async () => {
    const { mock, api } = await setup(
      { deadlineMs: 300, baseDelayMs: 5 },
      { script: { '*': [{ status: 200, trickleMs: 20 }] } },
    );
    const started = Date.now();
    const error = await rejection(api.post('/chat/completions', chatBody));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2000);
    expect(getAgnesInfo(error)).toMatchObject({ reason: 'client_timeout', stop: 'deadline', attempts: 1 });
    expect(mock.requests).toHaveLength(1);
  });
});
