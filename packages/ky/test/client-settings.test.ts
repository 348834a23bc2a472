import { HTTPError, TimeoutError } from 'ky';
import { describe, expect, it } from 'vitest';
import { chatBody, fast, kyMajor, kyVersion, rejection, setup } from './helpers.ts';

describe(`ky ${kyVersion}: the client's stricter settings win`, () => {
  it("keeps ky's TimeoutError when the caller brings their own retry.shouldRetry", async () => {
    const { mock, api } = await setup(
      { ...fast, maxRetries: 1 },
      { script: { '*': [{ hang: true }, { hang: true }, { hang: true }] } },
      { timeout: 200 },
    );
    const error = await rejection(
      api.get('models', { retry: { limit: 1, shouldRetry: () => true } } as never),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(mock.requests).toHaveLength(2);
  });

  it('a per-request retry.methods narrows ours: a POST it leaves out is not retried', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 503 }, { status: 503 }] } });
    const error = await rejection(
      api.post('chat/completions', { json: chatBody, retry: { methods: ['get'] } } as never),
    );
    expect(error).toBeInstanceOf(HTTPError);
    expect(mock.requests).toHaveLength(1);
    // Still an Agnes failure: diagnosed, one attempt.
    expect(error.agnes).toMatchObject({ status: 503, attempts: 1 });
    // Without it, the same POST is retried by the Agnes rules.
    const again = await api.post('chat/completions', { json: chatBody }).json();
    expect(again).toMatchObject({ object: 'chat.completion' });
  });

  it('retries QUERY, an idempotent method', async () => {
    const { mock, api } = await setup(fast, {
      script: { '*': [{ status: 503 }, { status: 200, body: { ok: true } }] },
    });
    expect(await api('models', { method: 'QUERY' } as never).json()).toEqual({ ok: true });
    expect(mock.requests.map((request) => request.method)).toEqual(['QUERY', 'QUERY']);
  });

  it.runIf(kyMajor === 2)(
    'honours totalTimeout: a Retry-After longer than it is not waited out',
    async () => {
      const { mock, api } = await setup(fast, { script: { '*': [{ status: 429, retryAfter: 5 }] } });
      const started = Date.now();
      const error = await rejection(api.get('models', { totalTimeout: 300 } as never));
      expect(Date.now() - started).toBeLessThan(3000);
      // ky's own answer, as without the adapter (ky 2.0 sleeps our wait itself and cuts it at totalTimeout).
      expect(error).toBeInstanceOf(TimeoutError);
      expect(mock.requests).toHaveLength(1);
    },
  );
});
