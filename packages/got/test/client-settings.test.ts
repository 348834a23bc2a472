import { describe, expect, it } from 'vitest';
import { chatBody, fast, gotMajor, rejection, setup } from './helpers.ts';

describe(`got ${gotMajor}: the client's stricter settings win`, () => {
  it('a per-request retry.limit below maxRetries bounds the Agnes retries', async () => {
    const { mock, api } = await setup(fast, {
      script: { '*': [{ status: 503 }, { status: 503 }, { status: 503 }] },
    });
    const error = await rejection(api.get('models', { retry: { limit: 1 } }));
    expect(mock.requests).toHaveLength(2);
    expect(error.agnes).toMatchObject({ status: 503, attempts: 2 });
  });

  it('a per-request retry.methods that leaves the method out: not retried, still diagnosed', async () => {
    const { mock, api } = await setup(fast, { script: { '*': [{ status: 503 }, { status: 503 }] } });
    const error = await rejection(
      api.post('chat/completions', { json: chatBody, retry: { methods: ['GET'] } }),
    );
    expect(mock.requests).toHaveLength(1);
    expect(error.agnes).toMatchObject({ status: 503, attempts: 1 });
  });

  it('retries QUERY, an idempotent method', async () => {
    const { mock, api } = await setup(fast, {
      script: { '*': [{ status: 503 }, { status: 200, body: { ok: true } }] },
    });
    expect(await api('models', { method: 'QUERY' as never }).json()).toEqual({ ok: true });
    expect(mock.requests.map((request) => request.method)).toEqual(['QUERY', 'QUERY']);
  });
});
