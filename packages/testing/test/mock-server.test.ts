import { type MockAgnes, type MockAgnesOptions, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';

const key = 'sk-mocktest0123456789abcdef';
let mock: MockAgnes | undefined;
const start = async (options?: MockAgnesOptions): Promise<MockAgnes> => {
  mock = await startMockAgnes(options);
  return mock;
};
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const call = (server: MockAgnes, path: string, body?: unknown, init: RequestInit = {}) =>
  fetch(`${server.origin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    ...init,
  });
const chat = { model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] };

describe('routes', () => {
  it('answers chat completions like the provider and records the request with the key redacted', async () => {
    const server = await start();
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const response = await call(server, '/v1/chat/completions', chat);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-oneapi-request-id')).toBeTruthy();
    const body = (await response.json()) as { object: string; choices: { message: { content: string } }[] };
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0]?.message.content).toContain('Agnes');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      status: 200,
      body: chat,
    });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-[redacted]');
    expect(JSON.stringify(server.requests)).not.toContain(key);
  });

  it('streams chat as server-sent events ending in [DONE]', async () => {
    const server = await start();
    const text = await (await call(server, '/v1/chat/completions', { ...chat, stream: true })).text();
    expect(text.startsWith('data: {')).toBe(true);
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('sends an SSE error event mid-stream when scripted', async () => {
    const server = await start({ script: { 'POST /v1/chat/completions': [{ sseErrorAfter: 2 }] } });
    const events = (await (await call(server, '/v1/chat/completions', { ...chat, stream: true })).text())
      .trim()
      .split('\n\n');
    expect(events).toHaveLength(3);
    expect(events[2]).toContain('"error"');
  });

  it('serves responses, models, images and the video task lifecycle on both polling routes', async () => {
    const server = await start();
    expect(
      (
        (await (await call(server, '/v1/responses', { model: 'agnes-2.5-pro', input: 'hi' })).json()) as {
          status: string;
        }
      ).status,
    ).toBe('completed');
    const models = (await (await call(server, '/v1/models')).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toContain('agnes-3.0-flash');
    const image = (await (
      await call(server, '/v1/images/generations', {
        model: 'agnes-image-2.1-flash',
        prompt: 'cat',
        size: '1024x1024',
      })
    ).json()) as { data: unknown[] };
    expect(image.data).toHaveLength(1);
    const task = (await (
      await call(server, '/v1/videos', { model: 'agnes-video-v2.0', prompt: 'waves', size: '1280x704' })
    ).json()) as { id: string; status: string };
    expect(task.status).toBe('queued');
    const poll = async (path: string) =>
      ((await (await call(server, path)).json()) as { status: string }).status;
    expect(await poll(`/agnesapi?video_id=${task.id}`)).toBe('queued');
    expect(await poll(`/v1/videos/${task.id}`)).toBe('in_progress');
    expect(await poll(`/agnesapi?video_id=${task.id}`)).toBe('completed');
    const missing = await call(server, '/agnesapi?video_id=nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'task_not_exist' });
  });

  it('answers unknown paths with a provider 404 and wrong methods with 405', async () => {
    const server = await start();
    const notFound = await call(server, '/v1/v1/chat/completions', chat);
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { error: { message: string } }).error.message).toMatch(
      /^Invalid URL \(POST \/v1\/v1\/chat\/completions\) \(request id: \w+\)$/,
    );
    expect((await call(server, '/v1/chat/completions')).status).toBe(405);
  });
});

describe('built-in provider behaviour', () => {
  it('checks the Bearer key: missing, malformed, unknown', async () => {
    const server = await start({ auth: [key] });
    expect((await fetch(`${server.baseURL}/models`)).status).toBe(401);
    expect((await fetch(`${server.baseURL}/models`, { headers: { authorization: key } })).status).toBe(401);
    expect(
      (await fetch(`${server.baseURL}/models`, { headers: { authorization: 'Bearer sk-other000000000' } }))
        .status,
    ).toBe(401);
    expect((await call(server, '/v1/models')).status).toBe(200);
  });

  it('limits the rate with 429s that carry no Retry-After, then frees the window', async () => {
    const server = await start({ rpm: 2, rpmWindowMs: 300 });
    const statuses = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await call(server, '/v1/models')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await call(server, '/v1/models');
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(
      /at most 2 requests per minute/,
    );
    await new Promise((resolve) => setTimeout(resolve, 320));
    expect((await call(server, '/v1/models')).status).toBe(200);
  });

  it('can send Retry-After with 429s', async () => {
    const server = await start({ rpm: 1, rpmWindowMs: 5000, rateLimitRetryAfter: true });
    await call(server, '/v1/models');
    expect((await call(server, '/v1/models')).headers.get('retry-after')).toBe('5');
  });

  it('checks image and video sizes, n, max_tokens and models, in Chinese when asked', async () => {
    const server = await start({ locale: 'zh' });
    const fault = async (path: string, body: unknown) => {
      const response = await call(server, path, body);
      return [
        response.status,
        ((await response.json()) as { error: { message: string } }).error.message,
      ] as const;
    };
    expect(
      await fault('/v1/images/generations', {
        model: 'agnes-image-2.1-flash',
        prompt: 'x',
        size: '1000x1000',
      }),
    ).toEqual([500, expect.stringContaining('16 的倍数')]);
    expect(await fault('/v1/videos', { model: 'agnes-video-v2.0', prompt: 'x', size: '1280x720' })).toEqual([
      500,
      expect.stringContaining('64 的倍数'),
    ]);
    expect(await fault('/v1/chat/completions', { ...chat, n: 2 })).toEqual([
      400,
      expect.stringContaining('n 必须为 1'),
    ]);
    expect(await fault('/v1/chat/completions', { ...chat, max_tokens: 70000 })).toEqual([
      400,
      expect.stringContaining('max_tokens 不能超过 65536'),
    ]);
    expect(await fault('/v1/chat/completions', { ...chat, model: 'agnes-image-2.1-flash' })).toEqual([
      400,
      expect.stringContaining('是 image 模型，请使用 /v1/images/generations'),
    ]);
    expect(await fault('/v1/chat/completions', { ...chat, model: 'agnes-9' })).toEqual([
      503,
      expect.stringContaining('无可用渠道'),
    ]);
  });

  it('switches checks off', async () => {
    const server = await start({ checks: { imageSize: false }, unknownModelStatus: 404 });
    expect(
      (
        await call(server, '/v1/images/generations', {
          model: 'agnes-image-2.1-flash',
          prompt: 'x',
          size: '1000x1000',
        })
      ).status,
    ).toBe(200);
    expect((await call(server, '/v1/chat/completions', { ...chat, model: 'agnes-9' })).status).toBe(404);
  });

  it('limits body and header sizes with 413 and 431', async () => {
    const server = await start({ maxBodyBytes: 1000, maxHeaderBytes: 2000 });
    expect((await call(server, '/v1/chat/completions', { ...chat, pad: 'x'.repeat(2000) })).status).toBe(413);
    expect(
      (
        await call(server, '/v1/models', undefined, {
          headers: { authorization: `Bearer ${key}`, cookie: 'c'.repeat(3000) },
        })
      ).status,
    ).toBe(431);
  });
});

describe('scripting', () => {
  it('consumes steps one per request, then falls back to the route', async () => {
    const server = await start();
    server.script('POST /v1/chat/completions', [{ status: 503 }, { status: 503, locale: 'zh' }, 'ok']);
    const statuses = [];
    for (let index = 0; index < 4; index += 1)
      statuses.push((await call(server, '/v1/chat/completions', chat)).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
    expect(server.requestsTo('POST /v1/chat/completions').map((request) => request.status)).toEqual([
      503, 503, 200, 200,
    ]);
  });

  it('sets headers, bodies and edge pages', async () => {
    const server = await start({
      script: {
        '/v1/models': [
          { status: 429, retryAfter: 1, retryAfterMs: 900, headers: { ratelimit: '"default";r=0;t=1' } },
          { status: 522 },
          { status: 400, body: 'plain words' },
          { status: 402, message: 'custom', code: 'insufficient_user_quota' },
        ],
      },
    });
    const limited = await call(server, '/v1/models');
    expect([
      limited.headers.get('retry-after'),
      limited.headers.get('retry-after-ms'),
      limited.headers.get('ratelimit'),
    ]).toEqual(['1', '900', '"default";r=0;t=1']);
    const edge = await call(server, '/v1/models');
    expect(edge.headers.get('content-type')).toMatch(/text\/html/);
    expect(await edge.text()).toMatch(/<title>apihub.agnes-ai.com \| 522: Connection timed out<\/title>/);
    expect(await (await call(server, '/v1/models')).text()).toBe('plain words');
    expect(await (await call(server, '/v1/models')).json()).toMatchObject({
      error: { message: expect.stringMatching(/^custom \(request id: /), code: 'insufficient_user_quota' },
    });
  });

  it('delays, resets and hangs', async () => {
    const server = await start({
      script: {
        '/v1/models': [
          { delayMs: 150 },
          { reset: 'before' },
          { status: 200, reset: 'after' },
          { hang: true },
        ],
      },
    });
    const started = Date.now();
    expect((await call(server, '/v1/models')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await expect(call(server, '/v1/models')).rejects.toThrow(/fetch failed/);
    await expect(call(server, '/v1/models').then((response) => response.text())).rejects.toThrow();
    await expect(call(server, '/v1/models', undefined, { signal: AbortSignal.timeout(100) })).rejects.toThrow(
      /aborted|timeout/i,
    );
    expect(server.requests.map((request) => request.status)).toEqual([200, 0, 200, 0]);
  });

  it('resets recorded requests, scripts and the rate window', async () => {
    const server = await start({ rpm: 1, rpmWindowMs: 60_000 });
    server.script('*', [{ status: 500 }]);
    expect((await call(server, '/v1/models')).status).toBe(500);
    expect((await call(server, '/v1/models')).status).toBe(200);
    server.reset();
    expect(server.requests).toHaveLength(0);
    expect((await call(server, '/v1/models')).status).toBe(200);
  });

  it('closes with no connection left open, even a hanging one', async () => {
    const server = await start({ script: { '/v1/models': [{ hang: true }] } });
    const pending = call(server, '/v1/models').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
    await expect(fetch(`${server.baseURL}/models`)).rejects.toThrow();
    mock = undefined;
  });
});

describe('brownouts', () => {
  it('fails a seeded share of requests with the given statuses, the same on every run', async () => {
    const statuses = async () => {
      const server = await start({ faults: { rate: 0.3, statuses: [502, 503, 520, 522], seed: 7 } });
      const seen: number[] = [];
      for (let index = 0; index < 100; index += 1) seen.push((await call(server, '/v1/models')).status);
      await server.close();
      mock = undefined;
      return seen;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    const failed = first.filter((status) => status !== 200);
    expect(failed.length).toBeGreaterThan(15);
    expect(failed.length).toBeLessThan(45);
    expect(new Set(failed)).toEqual(new Set([502, 503, 520, 522]));
  });
});

describe('cors', () => {
  const preflight = (server: MockAgnes, origin: string) =>
    fetch(`${server.baseURL}/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });

  it('answers preflights without a key and lets the page read the diagnosis headers', async () => {
    const server = await start({ cors: true, script: { '*': [{ status: 429, retryAfter: 1 }] } });
    const answer = await preflight(server, 'http://localhost:5173');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(answer.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(server.requests).toHaveLength(0);
    const limited = await call(
      server,
      '/v1/chat/completions',
      { model: 'agnes-2.5-flash', messages: [] },
      {
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          origin: 'http://localhost:5173',
        },
      },
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(limited.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(server.requests).toHaveLength(1);
  });

  it('allows only the listed origins, and nothing without the option', async () => {
    const listed = await start({ cors: { origins: ['http://app.test'] } });
    expect((await preflight(listed, 'http://app.test')).headers.get('access-control-allow-origin')).toBe(
      'http://app.test',
    );
    const other = await preflight(listed, 'http://evil.test');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    await listed.close();
    const closed = await start();
    expect(
      (await preflight(closed, 'http://app.test')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });
});
