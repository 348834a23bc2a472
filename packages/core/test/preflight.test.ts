import { agnesFetch, classify, getAgnesInfo, type PreflightEvent } from '@agnes-errors/core';
import { zh } from '@agnes-errors/core/zh';
import { startMockAgnes } from '@agnes-errors/testing';
import { describe, expect, it } from 'vitest';
import { describePreflightScenarios } from '../../../tooling/vitest/preflight-scenarios.ts';
import { preflightDiagnosis, preflightFindings } from '../src/preflight/check.ts';

const apiKey = 'sk-fetchtest0123456789abcdefghij';
const chat = 'https://apihub.agnes-ai.com/v1/chat/completions';
const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
const chatBody = { model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] };

// The shared corpora with plain fetch: a final HTTP failure is a Response, thrown here as user code would.
describePreflightScenarios({
  client: `fetch (Node ${process.versions.node})`,
  apiKey,
  create(baseURL, options, key) {
    // The mock's origin is the base URL (in scope, as a configured base URL is).
    const agnes = agnesFetch({ ...options, baseURL });
    return async ({ method, path, body, headers: extra, rawBody }, signal) => {
      const response = await agnes(`${baseURL}${path}`, {
        method,
        headers: {
          ...(key !== undefined && { authorization: `Bearer ${key}` }),
          'content-type': 'application/json',
          ...extra,
        },
        ...((rawBody ?? body) && { body: rawBody ?? JSON.stringify(body) }),
        ...(signal && { signal }),
      });
      if (!response.ok) throw response;
      return response.json();
    };
  },
  isHostError: (error, status) => error instanceof Response && error.status === status,
  isAbortError: (error) => (error as Error).name === 'AbortError',
  sendsBodyAsIs: true,
  sendsRaw: true,
  isRequestError: (error) => error instanceof TypeError,
});

describe('preflight rules', () => {
  it('reads nothing of a request to an unknown endpoint', () => {
    const findings = preflightFindings({
      method: 'POST',
      url: 'https://example.com/v2/anything',
      body: '{not json',
    });
    expect(findings).toEqual([]);
  });

  it('never reads a stream body', () => {
    let pulled = 0;
    const body = new ReadableStream({
      pull(controller) {
        pulled += 1;
        controller.close();
      },
    });
    expect(preflightFindings({ method: 'POST', url: chat, headers, body })).toEqual([]);
    expect(pulled).toBe(0);
  });

  it('passes a valid request with unknown fields, and max_tokens exactly 65536', () => {
    const body = JSON.stringify({ ...chatBody, max_tokens: 65_536, n: 1, some_future_field: [1, 2] });
    expect(preflightFindings({ method: 'POST', url: chat, headers, body })).toEqual([]);
  });

  it('reads a parsed body (a client json option) and data URLs inside it', () => {
    const body = {
      ...chatBody,
      messages: [
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,@@@@' } }] },
      ],
    };
    expect(preflightFindings({ method: 'POST', url: chat, headers, body })).toMatchObject([
      { rule: 'invalid_base64', status: 422, action: 'refuse' },
    ]);
  });

  it('leaves a data URL quoted inside prose alone', () => {
    const body = JSON.stringify({
      ...chatBody,
      messages: [{ role: 'user', content: 'Why does data:image/png;base64,abc def fail to load?' }],
    });
    expect(preflightFindings({ method: 'POST', url: chat, headers, body })).toEqual([]);
  });

  it('checks the data URLs of a body too large to parse, at their ends', () => {
    const image = (payload: string) =>
      preflightFindings({
        method: 'POST',
        url: chat,
        headers,
        body: JSON.stringify({
          ...chatBody,
          messages: [
            {
              role: 'user',
              content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${payload}` } }],
            },
          ],
        }),
      });
    const png = `iVBORw0KGgo${'A'.repeat(300 * 1024 + 1)}`;
    expect(image(png)).toEqual([]);
    expect(image(`${png} cut`)).toMatchObject([{ rule: 'invalid_base64' }]);
    expect(image(`${png}A`)).toMatchObject([{ rule: 'invalid_base64' }]);
    expect(image(`/9j/4AAQ${'A'.repeat(300 * 1024)}`)).toMatchObject([{ rule: 'unsupported_content_type' }]);
  });

  it('warns, and does not refuse, for whitespace at the ends of the Authorization header', () => {
    const findings = preflightFindings({
      method: 'POST',
      url: chat,
      headers: { authorization: `Bearer ${apiKey}\n` },
      body: JSON.stringify(chatBody),
    });
    expect(findings).toEqual([{ rule: 'api_key_whitespace', status: 401, action: 'warn' }]);
  });

  it('checks num_frames only where it is documented (video v2.0)', () => {
    const video = (model: string) =>
      preflightFindings({
        method: 'POST',
        url: 'https://apihub.agnes-ai.com/v1/videos',
        headers,
        body: JSON.stringify({ model, prompt: 'waves', num_frames: 100 }),
      });
    expect(video('agnes-video-v2.0')).toMatchObject([{ rule: 'video_frames_invalid' }]);
    expect(video('agnes-video-2.5')).toEqual([]);
  });

  it('a switched-off rule is skipped', () => {
    const body = JSON.stringify({ ...chatBody, n: 2 });
    expect(preflightFindings({ method: 'POST', url: chat, headers, body }, { n_must_be_1: false })).toEqual(
      [],
    );
  });

  it("gives each refusal the reason classify gives the server's rejection of that request", () => {
    const cases: [string, Record<string, unknown>][] = [
      ['max_tokens_too_large', { ...chatBody, max_tokens: 70_000 }],
      ['n_must_be_1', { ...chatBody, n: 3 }],
      ['missing_parameter', { model: 'agnes-2.5-flash' }],
    ];
    for (const [reason, body] of cases) {
      const request = { method: 'POST', url: chat, headers, body: JSON.stringify(body) };
      const [finding] = preflightFindings(request);
      expect(finding?.rule).toBe(reason);
      const info = preflightDiagnosis(request, finding as NonNullable<typeof finding>, {});
      const server = classify({
        status: finding?.status,
        method: 'POST',
        url: chat,
        requestHeaders: headers,
        requestBody: request.body,
      });
      expect(info.reason).toBe(server.reason);
      expect(info.status).toBeUndefined();
    }
  });
});

describe('preflight in a call', () => {
  const neverSent: typeof fetch = async () => {
    throw new Error('sent');
  };

  it('a refusal in Chinese says it was not sent', async () => {
    const error = await agnesFetch({ fetch: neverSent, locale: zh })(chat, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...chatBody, n: 2 }),
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^Agnes API 请求未发送：/);
    expect((error as Error).message).toContain('未发送：请求在发送前被拒绝');
    expect(getAgnesInfo(error)).toMatchObject({ reason: 'n_must_be_1', stop: 'preflight', attempts: 0 });
  });

  it('emits onPreflight and onGiveUp for a refusal', async () => {
    const preflight: PreflightEvent[] = [];
    const giveUps: unknown[] = [];
    await agnesFetch({
      fetch: neverSent,
      onPreflight: (event) => preflight.push(event),
      onGiveUp: (event) => giveUps.push(event),
    })(chat, { method: 'POST', body: JSON.stringify(chatBody) }).catch(() => undefined);
    expect(preflight).toMatchObject([
      { action: 'refused', rule: 'missing_authorization', info: { attempts: 0 } },
    ]);
    expect(giveUps).toMatchObject([{ attempts: 0, stop: 'preflight' }]);
  });

  it('sends a streamed body untouched (preflight never reads it)', async () => {
    const mock = await startMockAgnes();
    try {
      const text = JSON.stringify(chatBody);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          controller.close();
        },
      });
      const response = await agnesFetch({ baseURL: mock.baseURL })(`${mock.baseURL}/chat/completions`, {
        method: 'POST',
        headers,
        body,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(200);
      expect(mock.requests).toHaveLength(1);
      expect(mock.requests[0]?.body).toEqual(chatBody);
    } finally {
      await mock.close();
    }
  });

  it('rejects options that make no sense', () => {
    expect(() => agnesFetch({ preflight: 'sometimes' as never })).toThrow(
      /`preflight` must be one of 'refuse', 'warn', 'off'/,
    );
    expect(() => agnesFetch({ preflightRules: { max_tokens: false } as never })).toThrow(
      /`preflightRules` must be/,
    );
  });
});
