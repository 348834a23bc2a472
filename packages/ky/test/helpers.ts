import { fileURLToPath } from 'node:url';
import { type AgnesErrorInfo, type AgnesKyOptions, agnesKy } from '@agnes-errors/ky';
import type { MockAgnes, MockAgnesOptions } from '@agnes-errors/testing';
import type { KyInstance, Options } from 'ky';
import ky, * as kyModule from 'ky';
import {
  chatBody,
  fastRetries,
  mockServers,
  rejection as rejectionOf,
} from '../../../tooling/vitest/helpers.ts';
import { clientVersion } from '../../../tooling/vitest/project.ts';

export const apiKey = 'sk-kytest0123456789abcdefghij';
export { chatBody };
/** Short waits so retries take milliseconds. */
export const fast: AgnesKyOptions = fastRetries;

const startMock = mockServers();

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
  const mock = await startMock(server);
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
export const rejection = (promise: Promise<unknown>): Promise<CaughtError> =>
  rejectionOf<CaughtError>(promise);
