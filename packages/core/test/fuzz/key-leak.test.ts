import { inspect } from 'node:util';
import '@agnes-errors/core/zh';
import {
  AgnesError,
  type AgnesFailure,
  classify,
  formatAgnesMessage,
  type GiveUpEvent,
  type RetryEvent,
} from '@agnes-errors/core';
import { AgnesController, finalError } from '@agnes-errors/core/adapter-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiKeys, keyEchoes, keyLeaks } from '../../../../tooling/vitest/hostile-inputs.ts';
import { fuzzParameters, fuzzTimeoutMs } from './settings.ts';

type Echo = keyof typeof keyEchoes;
const echoes = keyEchoes;

/** Where the echo lands in the failure. */
const places = [
  'message',
  'code',
  'type',
  'param',
  'requestId',
  'urlQuery',
  'html',
  'text',
  'clientMessage',
] as const;
type Place = (typeof places)[number];

function failureEchoing(key: string, echo: string, place: Place, status: number | undefined): AgnesFailure {
  const error = {
    message: place === 'message' ? `Incorrect API key: ${echo}` : 'Invalid token',
    code: place === 'code' ? echo : 'invalid_api_key',
    type: place === 'type' ? echo : 'new_api_error',
    param: place === 'param' ? echo : '',
  };
  const responseBody =
    place === 'html'
      ? `<html><head><title>Denied ${echo}</title></head></html>`
      : place === 'text'
        ? `denied for ${echo}`
        : JSON.stringify({ error });
  return {
    status,
    condition: status === undefined ? 'network' : undefined,
    errorMessage: place === 'clientMessage' ? `socket closed: ${echo}` : undefined,
    method: 'POST',
    url: `https://apihub.agnes-ai.com/v1/chat/completions${place === 'urlQuery' ? `?trace=${echo}` : ''}`,
    requestHeaders: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    requestBody: JSON.stringify({ model: 'agnes-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
    responseHeaders: place === 'requestId' ? { 'x-request-id': echo } : {},
    responseBody,
  };
}

describe('an API key never appears in what the library prints', () => {
  it(
    'whatever field and encoding the provider echoes it in',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          apiKeys,
          fc.constantFrom(...(Object.keys(echoes) as Echo[])),
          fc.constantFrom(...places),
          fc.constantFrom(400, 401, 403, 429, 500, 502, undefined),
          async (key, echo, place, status) => {
            const failure = failureEchoing(
              key,
              (echoes[echo] as (key: string) => string)(key),
              place,
              status,
            );
            const outputs: string[] = [];
            const record = (event: RetryEvent | GiveUpEvent) =>
              outputs.push(JSON.stringify(event), inspect(event, { depth: 8 }));
            const controller = new AgnesController({
              maxRetries: 1,
              baseDelayMs: 0,
              retryBudget: false,
              onRetry: record,
              onGiveUp: record,
            });
            const call = controller.begin();
            await call.beforeAttempt();
            const { info } = await call.afterFailure(failure);
            const hostError = Object.assign(new Error(`request failed: Bearer ${key}`), {
              config: { headers: { Authorization: `Bearer ${key}` } },
            });
            const thrown = finalError(new AgnesError(info), info, { throwAgnesError: true }) as AgnesError;
            const decorated = finalError(hostError, info) as Error;
            const wrapped = finalError(
              Object.assign(new Error(`boom ${key}`), { config: { headers: { authorization: key } } }),
              info,
              { throwAgnesError: true },
            ) as AgnesError;
            outputs.push(
              formatAgnesMessage(info),
              formatAgnesMessage(info, { locale: 'zh' }),
              JSON.stringify(info),
              JSON.stringify(classify(failure)),
              JSON.stringify(thrown),
              String(thrown),
              inspect(thrown, { depth: 8 }),
              JSON.stringify(decorated),
              String(decorated),
              inspect(decorated, { depth: 8 }),
              decorated.stack ?? '',
              inspect(wrapped, { depth: 8 }),
              inspect(wrapped.cause, { depth: 8 }),
              JSON.stringify(wrapped.cause),
            );
            for (const output of outputs)
              for (const leak of keyLeaks(key)) expect(output).not.toContain(leak);
          },
        ),
        fuzzParameters(),
      );
    },
    fuzzTimeoutMs,
  );
});
