import { getAgnesInfo } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';
import { expectNoKeyInCauseChain } from '../../../tooling/vitest/cause-chain.ts';
import { peakMemoryGrowth } from '../../../tooling/vitest/memory.ts';
import { apiKey, chatBody, rejection, setup } from './helpers.ts';

describe('agnesGot: nothing reachable through cause prints the key', () => {
  const secret = 'agnesquerykey0123456789abcdef';
  const echo = {
    '*': [{ status: 401, headers: { 'x-echo-key': secret, 'x-echo-bearer': `Bearer ${apiKey}` } }],
  };
  for (const throwAgnesError of [false, true]) {
    it(`with the key echoed in a header and sent in the query string (throwAgnesError: ${throwAgnesError})`, async () => {
      const { api } = await setup({ maxRetries: 0, throwAgnesError }, { script: echo });
      const error = await rejection(
        api.post('chat/completions', { json: chatBody, searchParams: { api_key: secret } }).json(),
      );
      expect(getAgnesInfo(error)).toMatchObject({ status: 401 });
      expectNoKeyInCauseChain(error, secret);
      expectNoKeyInCauseChain(error, apiKey);
    });
  }
});

describe('agnesGot and a 50 MB error body', () => {
  it('reads at most about maxErrorBodyBytes of it per attempt and still classifies it by status', async () => {
    const step = { status: 500, largeBodyBytes: 50 * 1024 * 1024 };
    const { mock, api } = await setup(
      { maxRetries: 2, baseDelayMs: 1, maxErrorBodyBytes: 256 * 1024 },
      { script: { '*': [step, step, step] } },
    );
    let error: Awaited<ReturnType<typeof rejection>> | undefined;
    const growth = await peakMemoryGrowth(async () => {
      error = await rejection(api.post('chat/completions', { json: chatBody }).json());
    });
    expect(getAgnesInfo(error)).toMatchObject({ status: 500, reason: 'server_error', attempts: 3 });
    expect(mock.requests).toHaveLength(3);
    // What the server could write is what got read, plus what the sockets buffer (a few MB).
    for (const request of mock.requests) expect(request.bodyBytesSent).toBeLessThan(12 * 1024 * 1024);
    // Without the cap: about +120 MB per attempt.
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('agnesGot and deadlineMs', () => {
  it('ends a success body that trickles at the deadline', async () => {
    const { mock, api } = await setup(
      { deadlineMs: 300, baseDelayMs: 5 },
      { script: { '*': [{ status: 200, trickleMs: 20 }] } },
    );
    const started = Date.now();
    const error = await rejection(api.post('chat/completions', { json: chatBody }).json());
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2000);
    expect(getAgnesInfo(error)).toMatchObject({ reason: 'client_timeout', stop: 'deadline', attempts: 1 });
    expect(mock.requests).toHaveLength(1);
  });
});

describe('agnesGot and a success whose body is not JSON', () => {
  it('says invalid_response', async () => {
    const { api } = await setup(undefined, {
      script: { '*': [{ status: 200, body: '<html><body>Gateway says hello</body></html>' }] },
    });
    const error = await rejection(api.post('chat/completions', { json: chatBody }).json());
    expect(getAgnesInfo(error)).toMatchObject({ reason: 'invalid_response' });
  });
});
