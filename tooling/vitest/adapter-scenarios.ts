import { inspect } from 'node:util';
import type { AgnesErrorInfo, AgnesOptions } from '@agnes-errors/core';
import '@agnes-errors/core/zh';
import type { MockAgnesOptions } from '@agnes-errors/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chatBody, fastRetries, mockServers, rejection as rejectionOf } from './helpers.ts';
import { apiKeys, keyEchoes, keyLeaks } from './hostile-inputs.ts';
import { describePreflightScenarios } from './preflight-scenarios.ts';

/** One request in client-neutral form; paths are below the base URL (`/chat/completions`). */
export interface ScenarioRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly body?: Record<string, unknown>;
  /** Extra request headers (drivers with `sendsRaw` only). */
  readonly headers?: Record<string, string>;
  /** A body sent as this exact text instead of `body` (drivers with `sendsRaw` only). */
  readonly rawBody?: string;
}

/** How the shared scenarios drive one adapter with one major of its client. */
export interface ScenarioDriver {
  /** e.g. `ky 2.1.0`. */
  readonly client: string;
  readonly apiKey: string;
  /** A client with the adapter installed, pointed at `baseURL`, sending `key` (none when `undefined`). */
  create(
    baseURL: string,
    options: AgnesOptions,
    key: string | undefined,
  ): (request: ScenarioRequest, signal?: AbortSignal) => Promise<unknown>;
  /** True for the client's own error type for an HTTP failure of this status. */
  isHostError(error: unknown, status: number): boolean;
  /** True for the client's own abort error. */
  isAbortError(error: unknown): boolean;
  /**
   * Whether the client can send this request at all (a framework may reach only some endpoints).
   * Scenarios about other endpoints are skipped for it.
   * @default every request
   */
  supports?(request: ScenarioRequest): boolean;
  /**
   * True for a client that refuses to send a request without a key (a provider that reads it from
   * the environment): it must fail before any request, naming `AGNES_API_KEY`.
   * @default false
   */
  readonly requiresKey?: boolean;
  /**
   * True for a client that sends `body` as the JSON it is given (a framework builds its own body
   * from some of its fields). The preflight corpora need it for their parameter cases.
   * @default false
   */
  readonly sendsBodyAsIs?: boolean;
  /**
   * True for a client that honours any `method`, extra `headers` and a `rawBody`.
   * @default false
   */
  readonly sendsRaw?: boolean;
  /** True for the client's own error for a request that never left (what a preflight refusal is). */
  isRequestError?(error: unknown): boolean;
  /**
   * Where a client of another dialect sends the scenarios' chat request, and what its answer holds
   * (the Anthropic SDK: `/messages`, `{ type: 'message' }`). Scripts for the chat route go there.
   * @default { path: '/chat/completions', answer: { object: 'chat.completion' } }
   */
  readonly chatRoute?: { readonly path: string; readonly answer: Readonly<Record<string, unknown>> };
}

const chat: ScenarioRequest = { method: 'POST', path: '/chat/completions', body: chatBody };
const fast = fastRetries;

type Caught = Error & { agnes?: AgnesErrorInfo };
const rejection = (promise: Promise<unknown>): Promise<Caught> => rejectionOf<Caught>(promise);

/** The scenarios every adapter must pass (ARCHITECTURE.md, "The shared scenarios"), against the mock server. */
export function describeAdapterScenarios(driver: ScenarioDriver): void {
  const startMock = mockServers();
  const supports = (request: ScenarioRequest): boolean => driver.supports?.(request) ?? true;
  const chatRoute = `POST /v1${driver.chatRoute?.path ?? '/chat/completions'}`;
  const chatAnswer = driver.chatRoute?.answer ?? { object: 'chat.completion' };
  const setup = async (
    options: AgnesOptions = fast,
    server: MockAgnesOptions = {},
    { sendKey = true, baseSuffix = '', key = driver.apiKey } = {},
  ) => {
    const mock = await startMock(server);
    return { mock, send: driver.create(`${mock.baseURL}${baseSuffix}`, options, sendKey ? key : undefined) };
  };

  describe(`adapter scenarios (${driver.client})`, () => {
    it('1. recovers from 503, 503 and resolves with the 200 body after 3 attempts', async () => {
      const { mock, send } = await setup(fast, {
        script: { [chatRoute]: [{ status: 503 }, { status: 503 }] },
      });
      expect(await send(chat)).toMatchObject(chatAnswer);
      expect(mock.requests).toHaveLength(3);
      // The same body each time (a framework may add fields of its own, such as `stream: false`).
      const bodies = mock.requests.map((request) => request.body);
      expect(bodies[0]).toMatchObject(chat.body ?? {});
      expect(bodies).toEqual([bodies[0], bodies[0], bodies[0]]);
    });

    it("2. a 401 keeps the client's error type, attaches agnes, names the cause, hides the key", async () => {
      const { mock, send } = await setup(fast, {
        script: { '*': [{ status: 401, message: 'Invalid token' }] },
      });
      const error = await rejection(send(chat));
      expect(mock.requests).toHaveLength(1);
      expect(driver.isHostError(error, 401)).toBe(true);
      expect(error.agnes).toMatchObject({ status: 401, retryable: false, providerMessage: 'Invalid token' });
      expect(error.message).toMatch(/^Agnes API 401 Unauthorized: the server rejected the API key/);
      expect(error.message).not.toContain(driver.apiKey);
    });

    it('3. no Authorization header at all: missing_authorization', async () => {
      // The server's diagnosis (preflight would refuse the request before sending: preflight-scenarios.ts).
      const { mock, send } = await setup({ ...fast, preflight: 'off' }, {}, { sendKey: false });
      const error = await rejection(send(chat));
      if (driver.requiresKey) {
        expect(mock.requests).toHaveLength(0);
        expect(error.message).toContain('AGNES_API_KEY');
        return;
      }
      expect(mock.requests[0]?.headers.authorization).toBeUndefined();
      expect(error.agnes?.reason).toBe('missing_authorization');
    });

    it('4. a 402 is final: one attempt and a message to top up', async () => {
      const { mock, send } = await setup({ ...fast, maxRetries: 5 }, { script: { '*': [{ status: 402 }] } });
      const error = await rejection(send(chat));
      expect(mock.requests).toHaveLength(1);
      expect(driver.isHostError(error, 402)).toBe(true);
      expect(error.agnes?.reason).toBe('insufficient_quota');
      expect(error.message).toMatch(/top up/);
    });

    it('5. a 429 with Retry-After: 1 is retried at least ~1 s later', async () => {
      const { mock, send } = await setup(fast, { script: { '*': [{ status: 429, retryAfter: 1 }] } });
      await send(chat);
      expect(mock.requests).toHaveLength(2);
      expect((mock.requests[1]?.time ?? 0) - (mock.requests[0]?.time ?? 0)).toBeGreaterThanOrEqual(950);
    });

    it('6. a 429 without Retry-After waits for the window, and concurrent calls of the client wait too', async () => {
      const { mock, send } = await setup({ ...fast, rpmWindowMs: 500 }, { rpm: 2, rpmWindowMs: 500 });
      await Promise.all(Array.from({ length: 5 }, () => send(chat)));
      const firstLimited = mock.requests.find((request) => request.status === 429);
      expect(firstLimited).toBeDefined();
      // Every request after the first burst of 5 waited for the window, the retries and the others alike.
      expect(mock.requests.length).toBeGreaterThan(5);
      for (const request of mock.requests.slice(5))
        expect(request.time - (firstLimited?.time ?? 0)).toBeGreaterThanOrEqual(480);
    });

    const image: ScenarioRequest = {
      method: 'POST',
      path: '/images/generations',
      body: { model: 'agnes-image-2.1-flash', prompt: 'fox', size: '1000x1000' },
    };
    it.skipIf(!supports(image))('7. a 500 about image size is not retried', async () => {
      const { mock, send } = await setup({ ...fast, preflight: 'off' });
      const error = await rejection(send(image));
      expect(mock.requests).toHaveLength(1);
      expect(driver.isHostError(error, 500)).toBe(true);
      expect(error.agnes?.reason).toBe('image_size_not_multiple_of_16');
    });

    it('8. a base URL ending in /v1/v1: duplicated_v1', async () => {
      const { send } = await setup({ ...fast, preflight: 'off' }, {}, { baseSuffix: '/v1' });
      const error = await rejection(send(chat));
      expect(driver.isHostError(error, 404)).toBe(true);
      expect(error.agnes?.reason).toBe('duplicated_v1');
      expect(error.message).toMatch(/repeats \/v1/);
    });

    const video: ScenarioRequest = {
      method: 'POST',
      path: '/videos',
      body: { model: 'agnes-video-v2.0', prompt: 'waves' },
    };
    it.skipIf(!supports(video))(
      '9. a task-creating POST /v1/videos is not replayed after a 504',
      async () => {
        const { mock, send } = await setup(fast, { script: { 'POST /v1/videos': [{ status: 504 }] } });
        const error = await rejection(send(video));
        expect(mock.requests).toHaveLength(1);
        expect(error.message).toMatch(/check the task status/);
      },
    );

    it('10. 503 forever with maxRetries: 2 makes exactly 3 attempts and says so', async () => {
      const { mock, send } = await setup(
        { ...fast, maxRetries: 2 },
        { script: { '*': Array(10).fill({ status: 503 }) } },
      );
      const error = await rejection(send(chat));
      expect(mock.requests).toHaveLength(3);
      expect(error.message).toMatch(/Gave up after 3 attempts/);
      expect(error.agnes?.attempts).toBe(3);
    });

    it("11. an abort during the backoff wait rejects at once with the client's abort error, no further attempt", async () => {
      const controller = new AbortController();
      const { mock, send } = await setup(
        {
          baseDelayMs: 5000,
          maxDelayMs: 5000,
          random: () => 1,
          onRetry: () => setTimeout(() => controller.abort(), 20),
        },
        { script: { '*': [{ status: 503 }] } },
      );
      const started = Date.now();
      const error = await rejection(send(chat, controller.signal));
      expect(driver.isAbortError(error)).toBe(true);
      expect(Date.now() - started).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(mock.requests).toHaveLength(1);
    });

    it('12. locale zh writes the message in Chinese', async () => {
      const { send } = await setup({ ...fast, locale: 'zh' }, { script: { '*': [{ status: 401 }] } });
      const error = await rejection(send(chat));
      expect(error.message).toMatch(/^Agnes API 401 未授权：/);
    });

    const models: ScenarioRequest = { method: 'GET', path: '/models' };
    it('13. a 200 resolves with the body, one attempt', async () => {
      const { mock, send } = await setup(fast);
      if (supports(models)) {
        const list = (await send(models)) as { data: unknown[] };
        expect(list.data.length).toBeGreaterThan(5);
      } else {
        expect(await send(chat)).toMatchObject(chatAnswer);
      }
      expect(mock.requests).toHaveLength(1);
    });

    it('14. JSON.stringify, String and util.inspect of the 401 error never contain the key', async () => {
      const { send } = await setup(fast, { script: { '*': [{ status: 401 }] } });
      const error = await rejection(send(chat));
      for (const output of [
        JSON.stringify(error),
        String(error),
        inspect(error, { depth: 8 }),
        error.message,
      ]) {
        expect(output).not.toContain(driver.apiKey);
      }
    });

    it('15. an error body that never finishes ends at deadlineMs, with stop deadline', async () => {
      const { mock, send } = await setup(
        { ...fast, deadlineMs: 400 },
        { script: { '*': [{ status: 500, trickleMs: 20 }] } },
      );
      const error = await rejection(send(chat));
      expect(mock.requests).toHaveLength(1);
      expect(error.agnes?.stop).toBe('deadline');
      expect(error.message).toContain('deadline');
    });

    it('16. a redirect loop ends at once: too_many_redirects, never retried', async () => {
      const loop = { status: 302, headers: { location: '/v1/chat/completions' }, body: '' };
      const { mock, send } = await setup(fast, { script: { '*': Array(100).fill(loop) } });
      const error = await rejection(send(chat));
      expect(error.agnes).toMatchObject({ reason: 'too_many_redirects', retryable: false });
      // One attempt: the client follows its own redirect limit (10 to 21) once.
      expect(mock.requests.length).toBeLessThanOrEqual(22);
    });

    it('18. maxConcurrency 2: never more than 2 requests at the server, every call answered', async () => {
      const { mock, send } = await setup(
        { ...fast, maxConcurrency: 2 },
        { overload: { baseLatencyMs: 30, perRequestMs: 0, queueLimit: 100 } },
      );
      const answers = await Promise.all(Array.from({ length: 8 }, () => send(chat)));
      expect(answers).toHaveLength(8);
      expect(mock.peakWorking).toBe(2);
      expect(mock.requests).toHaveLength(8);
    });

    it('19. an unknown model names the closest ones, from one GET /v1/models per cache period', async () => {
      const { mock, send } = await setup(fast, { unknownModelStatus: 404 });
      const typo = { ...chat, body: { ...chatBody, model: 'agnes-2.5-flsh' } };
      const error = await rejection(send(typo));
      expect(error.agnes).toMatchObject({ reason: 'model_not_found' });
      expect(error.agnes?.suggestedModels?.[0]).toBe('agnes-2.5-flash');
      expect(error.message).toContain('did you mean agnes-2.5-flash');
      await rejection(send(typo));
      // Cached: the second failure asks for no second list.
      expect(mock.requestsTo('GET /v1/models')).toHaveLength(1);
    });

    it('17. a key echoed in every field and encoding leaks into no message, JSON, inspect output or event', async () => {
      await fc.assert(
        fc.asyncProperty(apiKeys, async (key) => {
          const echoes = Object.values(keyEchoes).map((echo) => echo(key));
          const outputs: string[] = [];
          const record = (event: unknown) =>
            outputs.push(JSON.stringify(event), inspect(event, { depth: 8 }));
          const echoing = {
            status: 401,
            body: {
              error: { message: `bad key ${echoes.join(' ')}`, code: key, type: echoes[1], param: echoes[2] },
            },
            headers: { 'x-request-id': key, 'x-oneapi-request-id': echoes[3] ?? key },
          };
          for (const throwAgnesError of [false, true]) {
            const { send } = await setup(
              {
                ...fast,
                maxRetries: 1,
                alwaysRetryStatuses: [401],
                throwAgnesError,
                onRetry: record,
                onGiveUp: record,
                // The call events too: none may carry the key (the start event describes the request).
                onCallStart: record,
                onAttemptStart: record,
                onAttemptEnd: record,
                onCallWait: record,
                onCallEnd: record,
              },
              { script: { '*': [echoing, echoing] }, auth: false },
              { key },
            );
            const error = await rejection(send(chat));
            outputs.push(
              error.message,
              String(error),
              JSON.stringify(error),
              inspect(error, { depth: 8 }),
              error.stack ?? '',
              inspect(error.cause, { depth: 8 }),
            );
          }
          for (const output of outputs) for (const leak of keyLeaks(key)) expect(output).not.toContain(leak);
        }),
        { numRuns: 6, seed: 20_261_129 },
      );
    });
  });

  // Preflight's corpora run with every adapter and framework, for every client major.
  describePreflightScenarios(driver);
}
