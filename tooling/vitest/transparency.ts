import type { AgnesOptions } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';
import { fastRetries, mockServers } from './helpers.ts';
import { type OtherServer, otherEventStream, otherServers } from './other-server.ts';

/** The key the drivers send (the mock server accepts any `sk-` key). */
export const transparencyKey = 'sk-transparency0123456789abcd';

/** One request, by absolute URL (under the client's base URL, or on another host). */
export interface TransparencyRequest {
  readonly url: string;
  readonly signal?: AbortSignal;
}

/** How one client is set up: plain, or with the adapter when `agnes` is given. */
export interface ClientSetup {
  /** The base URL the client is configured with. */
  readonly baseURL: string;
  /** The adapter's options: the adapter is installed when given. */
  readonly agnes?: AgnesOptions | undefined;
  /** The transport the client calls, where it takes one (a custom fetch). */
  readonly fetch?: typeof fetch | undefined;
  /** The client's own per-attempt timeout, in ms. */
  readonly timeoutMs?: number | undefined;
  /** The client's own retry limit, where it has one. */
  readonly retryLimit?: number | undefined;
  /** The client's own longest backoff wait, in ms, where it has one (so its retries take milliseconds). */
  readonly retryBackoffMs?: number | undefined;
}

/** What a hook of the client saw of a response (ky's afterResponse, axios' response interceptor...). */
export interface HookView {
  readonly status: number;
  readonly url: string;
  readonly redirected?: boolean;
  readonly type?: string;
}

/** What the caller observed: the answer, read to the end, or the error. */
export type Observed =
  | {
      readonly ok: true;
      readonly status: number;
      readonly url: string;
      /** `Response.redirected` and `type`, `instanceof Response`, for clients that answer with a Response. */
      readonly redirected?: boolean;
      readonly type?: string;
      readonly isResponse?: boolean;
      readonly contentType: string | null;
      readonly body: string;
      readonly hooks: readonly HookView[];
    }
  | {
      readonly ok: false;
      /** The error's class and `name`, e.g. `HTTPError/HTTPError`. */
      readonly type: string;
      readonly message: string;
      readonly status?: number | undefined;
      readonly hooks: readonly HookView[];
    };

/** How the suite drives one client (one major of it). */
export interface TransparencyDriver {
  /** e.g. `ky 2.1.0`. */
  readonly client: string;
  /** A client set up as told; `send` makes one request and reports what the caller observed. */
  create(setup: ClientSetup): (request: TransparencyRequest) => Promise<Observed>;
  /**
   * Whether the client sends requests to hosts other than its base URL's (the SDKs do not).
   * @default true
   */
  readonly reachesOtherHosts?: boolean;
  /**
   * Whether the client takes a custom fetch (`ClientSetup.fetch`).
   * @default false
   */
  readonly takesFetch?: boolean;
  /**
   * Whether the client has retry settings of its own (`ClientSetup.retryLimit`).
   * @default false
   */
  readonly ownRetries?: boolean;
}

/** The error part of what a caller observed, from any error. */
export function observedError(error: unknown, hooks: readonly HookView[] = []): Observed {
  const loose = error as {
    name?: unknown;
    message?: unknown;
    status?: unknown;
    response?: { status?: unknown; statusCode?: unknown };
  };
  const status = loose?.response?.status ?? loose?.response?.statusCode ?? loose?.status;
  return {
    ok: false,
    type: `${(error as object)?.constructor?.name}/${String(loose?.name)}`,
    message: String(loose?.message),
    status: typeof status === 'number' ? status : undefined,
    hooks,
  };
}

/** What a caller observed of a fetch `Response`, read to the end. */
export async function observedResponse(
  response: Response,
  hooks: readonly HookView[] = [],
): Promise<Observed> {
  return {
    ok: true,
    status: response.status,
    url: response.url,
    redirected: response.redirected,
    type: response.type,
    isResponse: response instanceof Response,
    contentType: response.headers.get('content-type'),
    body: await response.text(),
    hooks,
  };
}

/** A hook's view of a fetch `Response`. */
export const hookView = (response: Response): HookView => ({
  status: response.status,
  url: response.url,
  redirected: response.redirected,
  type: response.type,
});

/**
 * The differential suite (issue 32): the same requests with the plain client and with the adapter
 * installed, against the mock server (an Agnes base URL) and another local server, asserting the
 * same observable result wherever the adapter has nothing to handle.
 */
export function describeTransparency(driver: TransparencyDriver): void {
  const startMock = mockServers();
  const startOther = otherServers();
  const reachesOtherHosts = driver.reachesOtherHosts ?? true;
  const fast: AgnesOptions = { ...fastRetries, maxRetries: 2 };

  /** Sends one request with the plain client and one with the adapter; both observations and attempt counts. */
  async function both(
    setup: Omit<ClientSetup, 'agnes'>,
    request: TransparencyRequest,
    agnes: AgnesOptions = fast,
    counted?: OtherServer,
  ): Promise<{ plain: Observed; adapted: Observed; plainAttempts: number; adaptedAttempts: number }> {
    const before = counted?.requests.length ?? 0;
    const plain = await driver.create(setup)(request);
    const middle = counted?.requests.length ?? 0;
    const adapted = await driver.create({ ...setup, agnes })(request);
    const after = counted?.requests.length ?? 0;
    return { plain, adapted, plainAttempts: middle - before, adaptedAttempts: after - middle };
  }

  describe(`transparency (${driver.client})`, () => {
    it('a success from the Agnes base URL: the same status, url, headers, body and hooks', async () => {
      const mock = await startMock();
      const { plain, adapted } = await both({ baseURL: mock.baseURL }, { url: `${mock.baseURL}/models` });
      expect(plain.ok).toBe(true);
      expect(adapted).toEqual(plain);
    });

    it('a streamed answer (SSE) after a redirect, in scope: the same Response, url, redirected, type, body, hooks', async () => {
      const other = await startOther();
      // The other server is the base URL here: its origin is in scope, so the stream guard is installed.
      const { plain, adapted } = await both(
        { baseURL: other.origin },
        { url: `${other.origin}/redirect/sse` },
      );
      expect(plain).toMatchObject({ ok: true, body: otherEventStream });
      expect(adapted).toEqual(plain);
    });

    it.runIf(reachesOtherHosts)(
      "another host's 404: the client's own error type and message, one attempt",
      async () => {
        const [mock, other] = await Promise.all([startMock(), startOther()]);
        const result = await both(
          { baseURL: mock.baseURL },
          { url: `${other.origin}/status/404` },
          fast,
          other,
        );
        // A fetch answers with the 404 response; the other clients throw their own error.
        expect(result.plain).toMatchObject({ status: 404 });
        expect(result.adapted).toEqual(result.plain);
        expect(result.adaptedAttempts).toBe(result.plainAttempts);
      },
    );

    it.runIf(reachesOtherHosts)(
      "another host's 503 and 429: the client's own retries (as many attempts), error and message",
      async () => {
        const [mock, other] = await Promise.all([startMock(), startOther()]);
        for (const status of [503, 429]) {
          const result = await both(
            { baseURL: mock.baseURL, retryBackoffMs: 10 },
            { url: `${other.origin}/status/${status}` },
            fast,
            other,
          );
          expect(result.adapted).toEqual(result.plain);
          expect(result.adaptedAttempts).toBe(result.plainAttempts);
        }
      },
    );

    it.runIf(reachesOtherHosts && (driver.ownRetries ?? false))(
      "another host with the client's own retry limit: that limit, not ours",
      async () => {
        const [mock, other] = await Promise.all([startMock(), startOther()]);
        const result = await both(
          { baseURL: mock.baseURL, retryLimit: 1, retryBackoffMs: 10 },
          { url: `${other.origin}/status/503` },
          { ...fast, maxRetries: 5 },
          other,
        );
        expect(result.adapted).toEqual(result.plain);
        expect(result.adaptedAttempts).toBe(result.plainAttempts);
      },
    );

    it.runIf(reachesOtherHosts)("another host's timeout and abort: the client's own error", async () => {
      const [mock, other] = await Promise.all([startMock(), startOther()]);
      const timedOut = await both(
        { baseURL: mock.baseURL, timeoutMs: 50, retryLimit: 0 },
        { url: `${other.origin}/hang` },
        fast,
        other,
      );
      expect(timedOut.plain.ok).toBe(false);
      expect(timedOut.adapted).toEqual(timedOut.plain);
      expect(timedOut.adaptedAttempts).toBe(timedOut.plainAttempts);
      const aborted = async (agnes?: AgnesOptions): Promise<Observed> => {
        const signal = AbortSignal.timeout(50);
        // A reason of the caller's own, as with `controller.abort()`.
        const controller = new AbortController();
        signal.addEventListener('abort', () => controller.abort());
        return driver.create({ baseURL: mock.baseURL, agnes })({
          url: `${other.origin}/hang`,
          signal: controller.signal,
        });
      };
      expect(await aborted(fast)).toEqual(await aborted());
    });

    it('an Agnes call that times out or is aborted: the same error type as without the adapter', async () => {
      const script = { '*': [{ hang: true }, { hang: true }, { hang: true }, { hang: true }] };
      const timedOut = async (agnes?: AgnesOptions): Promise<Observed> => {
        const mock = await startMock({ script });
        return driver.create({ baseURL: mock.baseURL, agnes, timeoutMs: 50, retryLimit: 0 })({
          url: `${mock.baseURL}/models`,
        });
      };
      const plain = await timedOut();
      const adapted = await timedOut({ ...fast, maxRetries: 1 });
      expect(plain.ok).toBe(false);
      expect(adapted.ok || adapted.type).toBe(plain.ok || plain.type);
      const aborted = async (agnes?: AgnesOptions): Promise<Observed> => {
        const mock = await startMock({ script });
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 50);
        return driver.create({ baseURL: mock.baseURL, agnes })({
          url: `${mock.baseURL}/models`,
          signal: controller.signal,
        });
      };
      const plainAbort = await aborted();
      const adaptedAbort = await aborted(fast);
      expect(adaptedAbort.ok || adaptedAbort.type).toBe(plainAbort.ok || plainAbort.type);
    });

    it.runIf(driver.takesFetch ?? false)(
      'a programming error in a custom fetch: the same error, thrown once, never retried',
      async () => {
        const mock = await startMock();
        let calls = 0;
        const broken: typeof fetch = async () => {
          calls += 1;
          const settings = undefined as unknown as { region: string };
          return new Response(settings.region);
        };
        const plain = await driver.create({ baseURL: mock.baseURL, fetch: broken })({
          url: `${mock.baseURL}/models`,
        });
        const plainCalls = calls;
        calls = 0;
        const adapted = await driver.create({ baseURL: mock.baseURL, agnes: fast, fetch: broken })({
          url: `${mock.baseURL}/models`,
        });
        expect(plain.ok).toBe(false);
        expect(adapted).toEqual(plain);
        expect(calls).toBe(1);
        expect(calls).toBeLessThanOrEqual(plainCalls);
        expect(JSON.stringify(adapted)).not.toMatch(/network/i);
      },
    );

    it.runIf(reachesOtherHosts)('a 429 from one origin never paces or pauses another', async () => {
      const [mock, other] = await Promise.all([startMock(), startOther()]);
      const waits: number[] = [];
      // Both origins are Agnes here (the other through `hosts`); the other's 429 pauses only its own limit.
      const send = driver.create({
        baseURL: mock.baseURL,
        agnes: { ...fast, maxRetries: 0, hosts: [other.origin], onWait: (event) => waits.push(event.waitMs) },
      });
      const limited = await send({ url: `${other.origin}/status/429-no-wait` });
      expect(limited).toMatchObject({ status: 429 });
      expect(await send({ url: `${mock.baseURL}/models` })).toMatchObject({ ok: true, status: 200 });
      expect(waits).toEqual([]);
    });
  });
}
