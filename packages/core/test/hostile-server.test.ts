import { agnesFetch, getAgnesInfo } from '@agnes-errors/core';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';

/** The mock server listens on 127.0.0.1: an Agnes host for these tests (see the `hosts` option). */
const local = { hosts: ['127.0.0.1'] } as const;

const key = 'sk-hostiletest0123456789abcdef';
let mock: MockAgnes;
afterEach(async () => {
  await mock?.close();
});

const chat = (fetcher: typeof fetch) =>
  fetcher(`${mock.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('agnesFetch against a hostile server', () => {
  it('reads at most maxErrorBodyBytes of an error body and cancels the rest', async () => {
    const huge = `{"error":{"message":"${'x'.repeat(5 * 1024 * 1024)}"}}`;
    mock = await startMockAgnes({ script: { '*': [{ status: 500, body: huge }] } });
    const response = await chat(agnesFetch({ ...local, maxRetries: 0, maxErrorBodyBytes: 64 * 1024 }));
    expect(response.status).toBe(500);
    expect((await response.arrayBuffer()).byteLength).toBe(64 * 1024);
    expect(getAgnesInfo(response)).toMatchObject({ status: 500, reason: 'server_error' });
  });

  it('ends an attempt whose body never finishes at the deadline, and says so', async () => {
    mock = await startMockAgnes({ script: { '*': [{ status: 500, trickleMs: 20 }] } });
    const response = await chat(agnesFetch({ ...local, deadlineMs: 300, baseDelayMs: 5 }));
    expect(mock.requests).toHaveLength(1);
    const info = getAgnesInfo(response);
    expect(info).toMatchObject({ status: 500, stop: 'deadline', attempts: 1 });
    expect(info?.elapsedMs).toBeGreaterThanOrEqual(280);
  });

  it('ends an attempt whose headers never come at the deadline', async () => {
    mock = await startMockAgnes({ script: { '*': [{ hang: true }, { hang: true }] } });
    await expect(chat(agnesFetch({ ...local, deadlineMs: 200, baseDelayMs: 5 }))).rejects.toMatchObject({
      agnes: { reason: 'client_timeout', stop: 'deadline' },
    });
    expect(mock.requests).toHaveLength(1);
  });

  it('does not retry a redirect loop', async () => {
    const loop = { status: 302, headers: { location: '/v1/chat/completions' }, body: '' };
    mock = await startMockAgnes({ script: { '*': Array(200).fill(loop) } });
    const error = await chat(agnesFetch({ ...local, baseDelayMs: 5 })).catch((caught: unknown) => caught);
    expect(getAgnesInfo(error)).toMatchObject({
      reason: 'too_many_redirects',
      retryable: false,
      attempts: 1,
    });
    // fetch follows 20 redirects within one attempt; no second attempt follows.
    expect(mock.requests.length).toBeLessThanOrEqual(21);
  });
});

describe('agnesFetch when a stream is cut', () => {
  it('reports a connection dropped mid-stream as a stream interruption, never replayed', async () => {
    mock = await startMockAgnes({ script: { '*': [{ resetAfterChunks: 2 }] } });
    const giveUps: string[] = [];
    const fetcher = agnesFetch({ ...local, baseDelayMs: 5, onGiveUp: (event) => giveUps.push(event.stop) });
    const response = await fetcher(`${mock.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'agnes-2.5-flash',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const received: Uint8Array[] = [];
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        received.push(value);
      }
    })().catch((caught: unknown) => caught);
    expect(received.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(TypeError);
    expect(getAgnesInfo(error)).toMatchObject({
      reason: 'stream_interrupted',
      retryable: false,
      attempts: 1,
    });
    expect((error as Error).message).toMatch(
      /^Agnes API request failed: the connection dropped after the stream had started/,
    );
    expect(giveUps).toEqual(['not_retryable']);
    expect(mock.requests).toHaveLength(1);
  });
});
