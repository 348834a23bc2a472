import type { PreflightEvent } from '@agnes-errors/core';
import { type AgnesErrorInfo, type AgnesOptions, getAgnesInfo, isAgnesError } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';
import type { ScenarioDriver, ScenarioRequest } from './adapter-scenarios.ts';
import { chatBody, fastRetries, mockServers, rejection } from './helpers.ts';

/** A 1x1 PNG and the first bytes of a JPEG, base64. */
const pngBase64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const jpegBase64 = '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDA==';

const withImage = (url: string): Record<string, unknown> => ({
  model: chatBody.model,
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'what is this?' },
        { type: 'image_url', image_url: { url } },
      ],
    },
  ],
});

/** What a corpus case needs of the client: the body sent as given, or any method, header and raw body. */
type Needs = 'any' | 'body as is' | 'raw';

/** One request of the corpora. */
interface PreflightCase {
  readonly name: string;
  readonly request: ScenarioRequest;
  readonly needs: Needs;
  /** The key to send instead of the driver's (`null`: none). */
  readonly key?: string | null;
  /** Appended to the base URL (`/v1` makes `/v1/v1`). */
  readonly baseSuffix?: string;
}

/** Must-fail cases: the reason the server's answer is classified as, with preflight off. */
const mustFail: readonly (PreflightCase & { readonly reason: AgnesErrorInfo['reason'] })[] = [
  {
    name: 'max_tokens above 65536',
    request: { method: 'POST', path: '/chat/completions', body: { ...chatBody, max_tokens: 100_000 } },
    needs: 'body as is',
    reason: 'max_tokens_too_large',
  },
  {
    name: 'n: 2',
    request: { method: 'POST', path: '/chat/completions', body: { ...chatBody, n: 2 } },
    needs: 'body as is',
    reason: 'n_must_be_1',
  },
  {
    name: 'a chat request without messages',
    request: { method: 'POST', path: '/chat/completions', body: { model: chatBody.model } },
    needs: 'body as is',
    reason: 'missing_parameter',
  },
  {
    name: 'an image of 1000x1000',
    request: {
      method: 'POST',
      path: '/images/generations',
      body: { model: 'agnes-image-2.1-flash', prompt: 'fox', size: '1000x1000' },
    },
    needs: 'any',
    reason: 'image_size_not_multiple_of_16',
  },
  {
    name: 'an image request without a prompt',
    request: { method: 'POST', path: '/images/generations', body: { model: 'agnes-image-2.1-flash' } },
    needs: 'body as is',
    reason: 'missing_parameter',
  },
  {
    name: 'a video of 1000x720',
    request: {
      method: 'POST',
      path: '/videos',
      body: { model: 'agnes-video-v2.0', prompt: 'waves', size: '1000x720' },
    },
    needs: 'body as is',
    reason: 'video_size_not_multiple_of_64',
  },
  {
    name: 'a v2.0 video of 442 frames',
    request: {
      method: 'POST',
      path: '/videos',
      body: { model: 'agnes-video-v2.0', prompt: 'waves', num_frames: 442 },
    },
    needs: 'body as is',
    reason: 'video_frames_invalid',
  },
  {
    name: 'a base64 image that is not base64',
    request: {
      method: 'POST',
      path: '/chat/completions',
      body: withImage('data:image/png;base64,not base64!'),
    },
    needs: 'body as is',
    reason: 'invalid_base64',
  },
  {
    name: 'a data URL that says PNG and holds a JPEG',
    request: {
      method: 'POST',
      path: '/chat/completions',
      body: withImage(`data:image/png;base64,${jpegBase64}`),
    },
    needs: 'body as is',
    reason: 'unsupported_content_type',
  },
  {
    name: 'no Authorization header',
    request: { method: 'POST', path: '/chat/completions', body: chatBody },
    needs: 'any',
    key: null,
    reason: 'missing_authorization',
  },
  {
    name: 'a key with a space inside',
    request: { method: 'POST', path: '/chat/completions', body: chatBody },
    needs: 'any',
    key: 'sk-agnes-preflight test-0123456789',
    reason: 'api_key_whitespace',
  },
  {
    name: 'a key in quotes',
    request: { method: 'POST', path: '/chat/completions', body: chatBody },
    needs: 'any',
    key: '"sk-agnes-preflight-0123456789"',
    reason: 'api_key_whitespace',
  },
  {
    name: 'a key with a space before it (two spaces after Bearer)',
    request: { method: 'POST', path: '/chat/completions', body: chatBody },
    needs: 'any',
    key: ' sk-agnes-preflight-0123456789',
    reason: 'malformed_authorization',
  },
  {
    name: 'a base URL ending in /v1/v1',
    request: { method: 'POST', path: '/chat/completions', body: chatBody },
    needs: 'any',
    baseSuffix: '/v1',
    reason: 'duplicated_v1',
  },
  {
    name: 'GET on the chat endpoint',
    request: { method: 'GET', path: '/chat/completions' },
    needs: 'raw',
    reason: 'wrong_method',
  },
  {
    name: 'a JSON body that does not parse',
    request: {
      method: 'POST',
      path: '/chat/completions',
      rawBody: '{"model": "agnes-2.5-flash", "messages": [',
      headers: { 'content-type': 'application/json' },
    },
    needs: 'raw',
    reason: 'invalid_json_body',
  },
  {
    name: 'request headers of 130 KiB',
    request: {
      method: 'POST',
      path: '/chat/completions',
      body: chatBody,
      headers: { 'x-trace-context': 'a'.repeat(130 * 1024) },
    },
    needs: 'raw',
    reason: 'headers_too_large',
  },
];

/** Valid requests at the edges: every one reaches the server. */
const valid: readonly (PreflightCase & { readonly answered?: 'ok' | 'error' })[] = [
  {
    name: 'max_tokens exactly 65536',
    request: { method: 'POST', path: '/chat/completions', body: { ...chatBody, max_tokens: 65_536 } },
    needs: 'body as is',
  },
  {
    name: 'n: 1 and unknown extra fields',
    request: {
      method: 'POST',
      path: '/chat/completions',
      body: { ...chatBody, n: 1, agnes_future_field: { nested: true }, temperature: 0.2 },
    },
    needs: 'body as is',
  },
  {
    name: 'an image of 1024x1024',
    request: {
      method: 'POST',
      path: '/images/generations',
      body: { model: 'agnes-image-2.1-flash', prompt: 'fox', size: '1024x1024' },
    },
    // The AI SDK downloads the image URL the mock answers with (and retries the call when it cannot).
    needs: 'body as is',
  },
  {
    name: 'an image of 16x16',
    request: {
      method: 'POST',
      path: '/images/generations',
      body: { model: 'agnes-image-2.1-flash', prompt: 'fox', size: '16x16' },
    },
    // The AI SDK downloads the image URL the mock answers with (and retries the call when it cannot).
    needs: 'body as is',
  },
  {
    name: 'a video of 1280x704 with 441 frames',
    request: {
      method: 'POST',
      path: '/videos',
      body: { model: 'agnes-video-v2.0', prompt: 'waves', size: '1280x704', num_frames: 441 },
    },
    needs: 'body as is',
  },
  {
    name: 'a video of 64x64 with 9 frames',
    request: {
      method: 'POST',
      path: '/videos',
      body: { model: 'agnes-video-v2.0', prompt: 'waves', width: 64, height: 64, num_frames: 9 },
    },
    needs: 'body as is',
  },
  {
    name: 'a PNG data URL that is a PNG',
    request: {
      method: 'POST',
      path: '/chat/completions',
      body: withImage(`data:image/png;base64,${pngBase64}`),
    },
    needs: 'body as is',
  },
  {
    name: 'a large legal body (1 MiB of text)',
    request: {
      method: 'POST',
      path: '/chat/completions',
      body: { model: chatBody.model, messages: [{ role: 'user', content: 'word '.repeat(200 * 1024) }] },
    },
    needs: 'body as is',
  },
  {
    name: 'an unknown endpoint (the server answers it)',
    request: { method: 'POST', path: '/agnes-unknown-endpoint', body: { anything: 'goes' } },
    needs: 'raw',
    answered: 'error',
  },
  {
    name: 'a method the rules do not know (PUT on chat; the server answers it)',
    request: { method: 'PUT', path: '/chat/completions', body: chatBody },
    needs: 'raw',
    answered: 'error',
  },
];

function supported(driver: ScenarioDriver, entry: PreflightCase): boolean {
  if (entry.key === null && driver.requiresKey) return false;
  // A client of another dialect (the Anthropic SDK) sends its key as `x-api-key`: the key-shape
  // rules read `Authorization` only.
  if (typeof entry.key === 'string' && driver.chatRoute !== undefined) return false;
  if (!(driver.supports?.(entry.request) ?? true)) return false;
  if (entry.needs === 'body as is') return driver.sendsBodyAsIs === true;
  if (entry.needs === 'raw') return driver.sendsRaw === true;
  return true;
}

/**
 * Preflight against the mock server, with the real client: every must-fail request is refused with
 * 0 requests received and the reason the server's answer gets with `preflight: 'off'`; every valid
 * request at the edges arrives.
 */
export function describePreflightScenarios(driver: ScenarioDriver): void {
  const startMock = mockServers();
  const setup = async (entry: PreflightCase, options: AgnesOptions) => {
    const mock = await startMock();
    const key = entry.key === null ? undefined : (entry.key ?? driver.apiKey);
    return { mock, send: driver.create(`${mock.baseURL}${entry.baseSuffix ?? ''}`, options, key) };
  };

  describe(`preflight (${driver.client})`, () => {
    for (const entry of mustFail) {
      it.skipIf(!supported(driver, entry))(
        `refuses ${entry.name} before sending, with the reason the server's answer gets`,
        async () => {
          const events: PreflightEvent[] = [];
          const refusedRun = await setup(entry, {
            ...fastRetries,
            onPreflight: (event) => events.push(event),
          });
          const error = await rejection(refusedRun.send(entry.request));
          expect(refusedRun.mock.requests).toHaveLength(0);
          const info = getAgnesInfo(error);
          expect(info).toMatchObject({
            reason: entry.reason,
            stop: 'preflight',
            attempts: 0,
            retryable: false,
          });
          expect((error as Error).message).toMatch(
            /^Agnes API request not sent: .*Not sent: the request was refused before sending/,
          );
          expect((error as Error).message).not.toContain(driver.apiKey);
          if (driver.isRequestError) expect(driver.isRequestError(error)).toBe(true);
          expect(events).toMatchObject([{ action: 'refused', rule: entry.reason }]);

          const sentRun = await setup(entry, { ...fastRetries, preflight: 'off' });
          const answered = await rejection(sentRun.send(entry.request));
          expect(sentRun.mock.requests.length).toBeGreaterThanOrEqual(1);
          expect(getAgnesInfo(answered)?.reason).toBe(entry.reason);
        },
      );
    }

    for (const entry of valid) {
      it.skipIf(!supported(driver, entry))(`lets ${entry.name} through untouched`, async () => {
        const events: PreflightEvent[] = [];
        const { mock, send } = await setup(entry, {
          ...fastRetries,
          maxRetries: 0,
          onPreflight: (event) => events.push(event),
        });
        // What the server answers is not under test (a framework may fetch a generated image's URL).
        const outcome = await send(entry.request).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (entry.answered === 'error') expect(outcome).toBeDefined();
        expect(getAgnesInfo(outcome)?.stop).not.toBe('preflight');
        expect(mock.requests).toHaveLength(1);
        expect(events).toEqual([]);
      });
    }

    it('sends a key with whitespace at its ends (the client strips it), at most with a warning', async () => {
      const events: PreflightEvent[] = [];
      const entry: PreflightCase = {
        name: 'trailing space',
        request: { method: 'POST', path: '/chat/completions', body: chatBody },
        needs: 'any',
        key: `${driver.apiKey} `,
      };
      const { mock, send } = await setup(entry, {
        ...fastRetries,
        onPreflight: (event) => events.push(event),
      });
      await send(entry.request);
      expect(mock.requests).toHaveLength(1);
      // Some clients (axios) trim header values before our adapter sees them: nothing to warn about.
      for (const event of events)
        expect(event).toMatchObject({ action: 'warned', rule: 'api_key_whitespace' });
    });

    it("'warn' sends a request that must fail and reports it", async () => {
      const events: PreflightEvent[] = [];
      const entry = mustFail.find((candidate) => candidate.reason === 'duplicated_v1') as PreflightCase;
      const { mock, send } = await setup(entry, {
        ...fastRetries,
        preflight: 'warn',
        onPreflight: (event) => events.push(event),
      });
      const error = await rejection(send(entry.request));
      expect(mock.requests).toHaveLength(1);
      expect(getAgnesInfo(error)?.reason).toBe('duplicated_v1');
      expect(events).toMatchObject([{ action: 'warned', rule: 'duplicated_v1' }]);
    });

    it('a rule switched off lets its request through', async () => {
      const entry = mustFail.find((candidate) => candidate.reason === 'duplicated_v1') as PreflightCase;
      const { mock, send } = await setup(entry, { ...fastRetries, preflightRules: { duplicated_v1: false } });
      await rejection(send(entry.request));
      expect(mock.requests).toHaveLength(1);
    });

    it('throwAgnesError: a refusal is an AgnesError', async () => {
      const entry = mustFail.find((candidate) => candidate.reason === 'duplicated_v1') as PreflightCase;
      const { mock, send } = await setup(entry, { ...fastRetries, throwAgnesError: true });
      const error = await rejection(send(entry.request));
      expect(mock.requests).toHaveLength(0);
      expect(isAgnesError(error)).toBe(true);
      expect(getAgnesInfo(error)).toMatchObject({ reason: 'duplicated_v1', stop: 'preflight', attempts: 0 });
    });
  });
}
