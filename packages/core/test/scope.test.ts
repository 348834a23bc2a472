import { agnesFetch } from '@agnes-errors/core';
import { AgnesController, agnesScope, isNetworkFailure } from '@agnes-errors/core/adapter-kit';
import { startMockAgnes } from '@agnes-errors/testing';
import { describe, expect, it } from 'vitest';
import { defaultRateLimitKey, keyFingerprint } from '../src/rate-limit/call-key.ts';

describe('scope: which requests are Agnes calls', () => {
  it('knows the Agnes hosts and their subdomains, nothing else by default', () => {
    const inScope = agnesScope();
    expect(inScope('https://apihub.agnes-ai.com/v1/chat/completions')).toBe(true);
    expect(inScope('https://api.agnes-ai.cn/v1/models')).toBe(true);
    expect(inScope('https://eu.apihub.agnes-ai.com/v1/models')).toBe(true);
    expect(inScope('https://apihub.agnes-ai.com.evil.example/v1')).toBe(false);
    expect(inScope('https://api.openai.com/v1/models')).toBe(false);
    expect(inScope('http://127.0.0.1:8080/v1/models')).toBe(false);
    expect(inScope('not a url')).toBe(false);
    expect(inScope(undefined)).toBe(false);
  });

  it("takes the base URL's origin (its port too) and the hosts option's entries", () => {
    const inScope = agnesScope({
      baseURLs: ['http://127.0.0.1:8080/v1'],
      hosts: ['gateway.internal', 'proxy.example:8443', 'https://llm.example.com', '*.corp.example'],
    });
    expect(inScope('http://127.0.0.1:8080/other')).toBe(true);
    expect(inScope('http://127.0.0.1:8081/v1/models')).toBe(false);
    expect(inScope('https://gateway.internal:9000/v1')).toBe(true);
    expect(inScope('https://proxy.example:8443/v1')).toBe(true);
    expect(inScope('https://proxy.example/v1')).toBe(false);
    expect(inScope('https://llm.example.com/v1')).toBe(true);
    expect(inScope('http://llm.example.com/v1')).toBe(false);
    expect(inScope('https://a.b.corp.example/v1')).toBe(true);
    expect(inScope('https://corp.example/v1')).toBe(true);
    // A base URL given per request (axios `baseURL` in a request config).
    expect(inScope('http://10.0.0.1:3000/v1', 'http://10.0.0.1:3000/v1')).toBe(true);
    expect(agnesScope({ hosts: ['*'] })('http://anything.example')).toBe(true);
  });

  it('rejects a hosts entry that is not a host, with a TypeError naming the option', () => {
    expect(() => new AgnesController({ hosts: ['https://'] })).toThrow(/`hosts`/);
    expect(() => new AgnesController({ hosts: ['a/b'] })).toThrow(/`hosts`/);
    expect(() => new AgnesController({ hosts: 'apihub.agnes-ai.com' as never })).toThrow(/`hosts`/);
  });

  it('agnesFetch sends other hosts straight to the wrapped fetch: no retry, no diagnosis', async () => {
    const mock = await startMockAgnes({ script: { '*': [{ status: 503 }, { status: 503 }] } });
    try {
      const fetcher = agnesFetch({ baseDelayMs: 1, maxDelayMs: 2 });
      const response = await fetcher(`${mock.baseURL}/models`, {
        headers: { authorization: 'Bearer sk-scopetest0123456789abcdef' },
      });
      expect(response.status).toBe(503);
      expect(mock.requests).toHaveLength(1);
      expect((response as { agnes?: unknown }).agnes).toBeUndefined();
      // Its base URL puts it in scope: retried.
      const scoped = agnesFetch({ baseDelayMs: 1, maxDelayMs: 2, baseURL: mock.baseURL });
      expect(
        (
          await scoped(`${mock.baseURL}/models`, {
            headers: { authorization: 'Bearer sk-scopetest0123456789abcdef' },
          })
        ).status,
      ).toBe(200);
      expect(mock.requests).toHaveLength(3);
    } finally {
      await mock.close();
    }
  });
});

describe('only network failures are network failures', () => {
  const withCause = (message: string, cause: unknown): Error => new TypeError(message, { cause });

  it('knows the runtime fetch failure, socket and DNS codes, and the clients wrapping them', () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(isNetworkFailure(withCause('fetch failed', reset))).toBe(true);
    expect(isNetworkFailure(new TypeError('Failed to fetch'))).toBe(true);
    expect(isNetworkFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isNetworkFailure(Object.assign(new Error('x'), { code: 'EAI_AGAIN' }))).toBe(true);
    const axiosNetwork = Object.assign(new Error('Network Error'), {
      name: 'AxiosError',
      code: 'ERR_NETWORK',
    });
    expect(isNetworkFailure(axiosNetwork)).toBe(true);
    class APIConnectionError extends Error {}
    expect(
      isNetworkFailure(
        new APIConnectionError('Connection error.', { cause: withCause('fetch failed', reset) }),
      ),
    ).toBe(true);
  });

  it("is not fooled by a programming error, even wrapped by a client's connection error", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'region')");
    expect(isNetworkFailure(bug)).toBe(false);
    expect(isNetworkFailure(new RangeError('Invalid array length'))).toBe(false);
    class APIConnectionError extends Error {}
    expect(isNetworkFailure(new APIConnectionError('Connection error.', { cause: bug }))).toBe(false);
    const wrapped = Object.assign(new Error(bug.message, { cause: bug }), {
      name: 'RequestError',
      code: 'ERR_GOT_REQUEST_ERROR',
    });
    expect(isNetworkFailure(wrapped)).toBe(false);
    expect(isNetworkFailure('fetch failed')).toBe(false);
    expect(isNetworkFailure(null)).toBe(false);
  });

  it('agnesFetch throws a programming error of a custom fetch once, untouched', async () => {
    let calls = 0;
    const bug = new TypeError("Cannot read properties of undefined (reading 'region')");
    const fetcher = agnesFetch({
      hosts: ['*'],
      fetch: async () => {
        calls += 1;
        throw bug;
      },
    });
    await expect(
      fetcher('https://apihub.agnes-ai.com/v1/models', {
        headers: { authorization: 'Bearer sk-scopetest0123456789abcdef' },
      }),
    ).rejects.toBe(bug);
    expect(calls).toBe(1);
    expect(bug.message).toBe("Cannot read properties of undefined (reading 'region')");
  });
});

describe('rate-limit keys: one per origin and API key', () => {
  it('separates origins and keys, and never contains the key', () => {
    const key = 'sk-secret0123456789abcdefghij';
    const first = defaultRateLimitKey('https://apihub.agnes-ai.com/v1/chat', {
      authorization: `Bearer ${key}`,
    });
    expect(first).toMatch(/^https:\/\/apihub\.agnes-ai\.com#[0-9a-f]{12}$/);
    expect(first).not.toContain(key);
    expect(first).not.toContain(key.slice(3, 12));
    expect(
      defaultRateLimitKey(
        'https://apihub.agnes-ai.com/v1/models',
        new Headers({ authorization: `Bearer ${key}` }),
      ),
    ).toBe(first);
    expect(
      defaultRateLimitKey('https://apihub.agnes-ai.com/v1', { authorization: 'Bearer sk-other' }),
    ).not.toBe(first);
    expect(defaultRateLimitKey('https://api.agnes-ai.cn/v1', { authorization: `Bearer ${key}` })).not.toBe(
      first,
    );
    expect(defaultRateLimitKey('https://api.agnes-ai.cn/v1', undefined)).toBe('https://api.agnes-ai.cn');
    expect(keyFingerprint(key)).toBe(keyFingerprint(key));
  });

  it('a 429 on one origin pauses only that origin; rateLimitKey shares one limit on purpose', async () => {
    const limited = await startMockAgnes({ script: { '*': [{ status: 429 }, { status: 429 }] } });
    const open = await startMockAgnes();
    try {
      const waits: number[] = [];
      const options = {
        hosts: ['127.0.0.1'],
        maxRetries: 0,
        onWait: (event: { waitMs: number }) => waits.push(event.waitMs),
      };
      const init = { headers: { authorization: 'Bearer sk-samekey0123456789abcdef' } };
      const fetcher = agnesFetch(options);
      expect((await fetcher(`${limited.baseURL}/models`, init)).status).toBe(429);
      expect((await fetcher(`${open.baseURL}/models`, init)).status).toBe(200);
      expect(waits).toEqual([]);
      // One key given: both origins share one limit, so the second waits for the pause.
      const shared = agnesFetch({ ...options, rateLimitKey: 'one-account' });
      expect((await shared(`${limited.baseURL}/models`, init)).status).toBe(429);
      const controller = new AbortController();
      const waiting = shared(`${open.baseURL}/models`, { ...init, signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      await expect(waiting).rejects.toThrow();
      expect(waits).toHaveLength(1);
    } finally {
      await Promise.all([limited.close(), open.close()]);
    }
  });
});
