import { getAgnesInfo } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';
import { expectNoKeyInCauseChain } from '../../../tooling/vitest/cause-chain.ts';
import { apiKey, chatBody, rejection, setup } from './helpers.ts';

describe('attachAgnes: nothing reachable through cause prints the key', () => {
  const secret = 'agnesquerykey0123456789abcdef';
  const echo = {
    '*': [{ status: 401, headers: { 'x-echo-key': secret, 'x-echo-bearer': `Bearer ${apiKey}` } }],
  };
  for (const throwAgnesError of [false, true]) {
    it(`with the key echoed in a header and sent in the query string (throwAgnesError: ${throwAgnesError})`, async () => {
      const { api } = await setup({ maxRetries: 0, throwAgnesError }, { script: echo });
      const error = await rejection(api.post('/chat/completions', chatBody, { params: { api_key: secret } }));
      expect(getAgnesInfo(error)).toMatchObject({ status: 401 });
      expectNoKeyInCauseChain(error, secret);
      expectNoKeyInCauseChain(error, apiKey);
    });
  }
});
