import { type AgnesFetchOptions, type AgnesOptions, agnesFetch } from '@agnes-errors/core';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { modelOf } from '../src/call/call-events.ts';

const key = 'sk-eventtest0123456789abcdef';
/** The mock server listens on 127.0.0.1: an Agnes host for these tests (see the `hosts` option). */
const local = { hosts: ['127.0.0.1'] } as const;
const prompt = 'a secret prompt about the quarterly numbers';
let mock: MockAgnes;
afterEach(async () => {
  await mock?.close();
});

const chatBody = JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: prompt }] });
const fast: AgnesFetchOptions = { baseDelayMs: 5, maxDelayMs: 20 };

/** Every call event, in order, as `[name, event]`. */
function recorder(): { events: [string, Record<string, unknown>][]; options: AgnesOptions } {
  const events: [string, Record<string, unknown>][] = [];
  const record =
    (name: string) =>
    (event: object): void => {
      events.push([name, event as Record<string, unknown>]);
    };
  return {
    events,
    options: {
      onCallStart: record('callStart'),
      onAttemptStart: record('attemptStart'),
      onAttemptEnd: record('attemptEnd'),
      onCallWait: record('wait'),
      onCallEnd: record('callEnd'),
      onRetry: record('retry'),
      onGiveUp: record('giveUp'),
    },
  };
}

const post = (fetcher: typeof fetch, path = '/chat/completions', init: RequestInit = {}) =>
  fetcher(`${mock.baseURL}${path}?key=${key}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: chatBody,
    ...init,
  });

describe('call events', () => {
  it('tell a retried call from its start to its success, with one identity', async () => {
    mock = await startMockAgnes({ script: { 'POST /v1/chat/completions': [{ status: 503 }] } });
    const { events, options } = recorder();
    const response = await post(agnesFetch({ ...local, ...fast, ...options }));
    expect(response.status).toBe(200);
    expect(mock.requests).toHaveLength(2);
    expect(events.map(([name]) => name)).toEqual([
      'callStart',
      'attemptStart',
      'attemptEnd',
      'retry',
      'wait',
      'attemptStart',
      'attemptEnd',
      'callEnd',
    ]);
    const callId = events[0]?.[1].callId;
    expect(typeof callId).toBe('string');
    expect(events.every(([, event]) => event.callId === callId)).toBe(true);
    expect(events[0]?.[1]).toMatchObject({
      operation: 'chat',
      model: 'agnes-2.5-flash',
      method: 'POST',
      serverAddress: '127.0.0.1',
      serverPort: mock.port,
      url: `${mock.baseURL}/chat/completions`,
    });
    expect(events[2]?.[1]).toMatchObject({ attempt: 1, resendCount: 0, ok: false, status: 503 });
    expect(events[2]?.[1].reason).toBe('service_unavailable');
    expect(events[4]?.[1]).toMatchObject({ cause: 'backoff', attempt: 2, reason: 'service_unavailable' });
    expect(events[5]?.[1]).toMatchObject({ attempt: 2, resendCount: 1 });
    expect(events[6]?.[1]).toMatchObject({ ok: true, status: undefined });
    expect(events[7]?.[1]).toMatchObject({ outcome: 'success', attempts: 2 });
  });

  it('name the cause of each wait: the server asked, the pause after a 429, pacing', async () => {
    mock = await startMockAgnes({
      script: { 'POST /v1/chat/completions': [{ status: 429, retryAfterMs: 20 }, { status: 429 }] },
    });
    const { events, options } = recorder();
    const fetcher = agnesFetch({ ...local, ...fast, rpmWindowMs: 40, ...options });
    expect((await post(fetcher)).status).toBe(200);
    const waits = events.filter(([name]) => name === 'wait').map(([, event]) => event.cause);
    expect(waits[0]).toBe('retry_after');
    // The second 429 names no wait: the client pauses for the window, and the retry waits it out.
    expect(waits.slice(1)).toContain('pause');
  });

  it('end an aborted call as aborted, and a failed one with the give-up', async () => {
    mock = await startMockAgnes({
      script: { 'POST /v1/chat/completions': [{ status: 503 }, { status: 401 }] },
    });
    const { events, options } = recorder();
    const controller = new AbortController();
    const fetcher = agnesFetch({
      ...local,
      baseDelayMs: 5_000,
      maxDelayMs: 5_000,
      random: () => 1,
      ...options,
    });
    const pending = post(fetcher, '/chat/completions', { signal: controller.signal });
    while (!events.some(([name]) => name === 'wait')) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toBeDefined();
    expect(events.at(-1)).toMatchObject(['callEnd', { outcome: 'aborted', attempts: 1 }]);

    events.length = 0;
    expect((await post(fetcher)).status).toBe(401);
    expect(events.map(([name]) => name)).toEqual(['callStart', 'attemptStart', 'attemptEnd', 'giveUp']);
    expect(events[3]?.[1]).toMatchObject({ callId: events[0]?.[1].callId, stop: 'not_retryable' });
  });

  it('never carry the key or the prompt, and a throwing listener never breaks the call', async () => {
    mock = await startMockAgnes({ script: { 'POST /v1/chat/completions': [{ status: 503 }] } });
    const { events, options } = recorder();
    const throwing = () => {
      throw new Error('listener broke');
    };
    const response = await post(
      agnesFetch({
        ...local,
        ...fast,
        ...options,
        onCallStart: (event) => {
          options.onCallStart?.(event);
          throwing();
        },
        onAttemptStart: throwing,
        onCallEnd: (event) => {
          options.onCallEnd?.(event);
          throwing();
        },
      }),
    );
    expect(response.status).toBe(200);
    const text = JSON.stringify(events.map(([name, event]) => [name, { ...event, info: undefined }]));
    expect(text).not.toContain(key);
    expect(text).not.toContain('quarterly');
    expect(events.map(([name]) => name)).toContain('callEnd');
  });

  it('cost nothing without a listener: no identity, no description of the request', async () => {
    mock = await startMockAgnes();
    let described = 0;
    const fetcher = agnesFetch({ ...local, onRetry: () => undefined });
    const call = fetcher.controller.begin({
      request: () => {
        described += 1;
        return {};
      },
    });
    expect(call.callId).toBeUndefined();
    expect(described).toBe(0);
    expect((await post(fetcher)).status).toBe(200);
  });

  it('read the model from a bounded prefix of a text or byte body, never from a stream', () => {
    expect(modelOf(chatBody)).toBe('agnes-2.5-flash');
    expect(modelOf(new TextEncoder().encode(chatBody))).toBe('agnes-2.5-flash');
    expect(modelOf({ model: 'agnes-1.5-pro', prompt })).toBe('agnes-1.5-pro');
    expect(modelOf(new ReadableStream())).toBeUndefined();
    expect(modelOf(`${' '.repeat(70 * 1024)}{"model":"late"}`)).toBeUndefined();
    expect(modelOf(undefined)).toBeUndefined();
  });
});

describe('the start event', () => {
  it('keeps origin and path only, and redacts a key-shaped path', async () => {
    const { callStartEvent } = await import('../src/call/call-events.ts');
    const plain = callStartEvent('a', 0, () => ({
      method: 'post',
      url: `https://user:${key}@api.example.com:8443/v1/embeddings?key=${key}#frag`,
    }));
    expect(plain).toMatchObject({
      operation: 'embeddings',
      method: 'POST',
      serverAddress: 'api.example.com',
      serverPort: 8443,
      url: 'https://api.example.com:8443/v1/embeddings',
    });
    const inPath = callStartEvent('b', 0, () => ({ url: `https://api.example.com/v1/${key}/models` }));
    expect(inPath.url).not.toContain(key);
    expect(inPath.operation).toBe('models');
    const broken = callStartEvent('c', 0, () => {
      throw new Error('cannot describe');
    });
    expect(broken).toMatchObject({ callId: 'c', operation: 'other', url: undefined, model: undefined });
  });
});
