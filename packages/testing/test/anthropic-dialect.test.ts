import { type MockAgnes, type MockAgnesOptions, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';

const key = 'sk-ant-mocktest0123456789abcdef';
let mock: MockAgnes | undefined;
const start = async (options?: MockAgnesOptions): Promise<MockAgnes> => {
  mock = await startMockAgnes(options);
  return mock;
};
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const message = { model: 'agnes-2.5-flash', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] };
const send = (server: MockAgnes, body: unknown, headers: Record<string, string> = { 'x-api-key': key }) =>
  fetch(`${server.origin}/v1/messages`, {
    method: 'POST',
    headers: { 'anthropic-version': '2023-06-01', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('the /v1/messages dialect', () => {
  it('answers a message in the Anthropic shape, accepting the key in x-api-key and recording it redacted', async () => {
    const server = await start();
    const response = await send(server, message);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'Hello from the Agnes mock server.' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 12, output_tokens: 7 },
    });
    expect(server.requests[0]?.headers['x-api-key']).toBe('sk-[redacted]');
  });

  it('streams named events from message_start to message_stop', async () => {
    const server = await start();
    const text = await (await send(server, { ...message, stream: true })).text();
    const names = [...text.matchAll(/^event: (\S+)$/gm)].map((match) => match[1]);
    expect(names[0]).toBe('message_start');
    expect(names).toContain('content_block_delta');
    expect(names.at(-1)).toBe('message_stop');
  });

  it('sends an error event mid-stream when scripted', async () => {
    const server = await start({ script: { 'POST /v1/messages': [{ sseErrorAfter: 3 }] } });
    const text = await (await send(server, { ...message, stream: true })).text();
    expect(text).toContain('event: error\ndata: {"type":"error","error":{"type":"overloaded_error"');
    expect([...text.matchAll(/^event: /gm)]).toHaveLength(4);
  });

  it('answers errors in the Anthropic shape: scripted 529, a missing key, a max_tokens above the limit', async () => {
    const server = await start({ script: { 'POST /v1/messages': [{ status: 529 }] } });
    const overloaded = await send(server, message);
    expect(overloaded.status).toBe(529);
    expect(overloaded.headers.get('request-id')).toBeTruthy();
    expect(await overloaded.json()).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    const unauthenticated = await send(server, message, {});
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ error: { type: 'authentication_error' } });
    const tooMany = await send(server, { ...message, max_tokens: 100_000 });
    expect(await tooMany.json()).toMatchObject({
      error: {
        type: 'invalid_request_error',
        message:
          'max_tokens: 100000 > 65536, which is the maximum allowed number of output tokens for agnes-2.5-flash',
      },
    });
  });

  it('treats a key in x-api-key like a Bearer key: refused keys and per-key model lists', async () => {
    const server = await start({ refusedKeys: [key], modelsByKey: { [key]: ['agnes-2.5-flash'] } });
    const refused = await send(server, message);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { type: 'authentication_error' } });
    const other = await start({ modelsByKey: { [key]: ['agnes-2.5-flash'] } });
    const list = await fetch(`${other.origin}/v1/models`, { headers: { 'x-api-key': key } });
    expect(((await list.json()) as { data: { id: string }[] }).data.map((model) => model.id)).toEqual([
      'agnes-2.5-flash',
    ]);
    await server.close();
  });

  it('announces the Anthropic rate-limit headers with its 429s', async () => {
    const server = await start({ rpm: 1, rpmWindowMs: 10_000, anthropicRateLimitHeaders: true });
    await send(server, message);
    const limited = await send(server, message);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('anthropic-ratelimit-requests-limit')).toBe('1');
    expect(Date.parse(limited.headers.get('anthropic-ratelimit-requests-reset') ?? '')).toBeGreaterThan(
      Date.now(),
    );
    expect(await limited.json()).toMatchObject({ error: { type: 'rate_limit_error' } });
  });
});
