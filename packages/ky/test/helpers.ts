import { fileURLToPath } from 'node:url';
import { type MockAgnes, type MockAgnesOptions, startMockAgnes } from '@agnes-errors/testing';
import type { KyInstance, Options } from 'ky';
import ky, * as kyModule from 'ky';
import { afterEach } from 'vitest';
import { clientVersion } from '../../../tooling/vitest/project.ts';
import { type AgnesErrorInfo, type AgnesKyOptions, agnesKy } from '../src/index.ts';

export const apiKey = 'sk-kytest0123456789abcdefghij';
export const chatBody: { model: string; messages: { role: string; content: string }[] } = {
  model: 'agnes-2.5-flash',
  messages: [{ role: 'user', content: 'hi' }],
};
/** Short waits so retries take milliseconds. */
export const fast: AgnesKyOptions = { baseDelayMs: 5, maxDelayMs: 20 };

let servers: MockAgnes[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** The major under test: ky 2 exports `NetworkError`, ky 1 does not. */
export const kyMajor: number = 'NetworkError' in kyModule ? 2 : 1;
/** The ky version under test. */
export const kyVersion: string = clientVersion(fileURLToPath(new URL('..', import.meta.url)), 'ky');

/** A mock server and a ky instance with Agnes options, pointed at it. */
export async function setup(
  options: AgnesKyOptions = fast,
  server: MockAgnesOptions = {},
  extra: Options = {},
): Promise<{ mock: MockAgnes; api: KyInstance }> {
  const mock = await startMockAgnes(server);
  servers.push(mock);
  const base = kyMajor === 2 ? { prefix: mock.baseURL } : { prefixUrl: mock.baseURL };
  const api = ky.create({
    ...base,
    headers: { authorization: `Bearer ${apiKey}` },
    ...agnesKy(options),
    ...extra,
  } as Options);
  return { mock, api };
}

/** What tests read off a caught ky error. */
export type CaughtError = Error & {
  agnes: AgnesErrorInfo;
  response: Response;
  request: Request;
  data: { error: { message: string } };
};

/** The rejection of a promise, failing the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<CaughtError> {
  try {
    await promise;
  } catch (error) {
    return error as CaughtError;
  }
  throw new Error('expected a rejection');
}
