import { fileURLToPath } from 'node:url';
import type { AgnesErrorInfo } from '@agnes-errors/core';
import { type AgnesGotOptions, agnesGot } from '@agnes-errors/got';
import type { MockAgnes, MockAgnesOptions } from '@agnes-errors/testing';
import got, { type ExtendOptions, type Got } from 'got';
import {
  chatBody,
  fastRetries,
  mockServers,
  rejection as rejectionOf,
} from '../../../tooling/vitest/helpers.ts';
import { clientVersion } from '../../../tooling/vitest/project.ts';

export const apiKey = 'sk-gottest0123456789abcdefghi';
export { chatBody };
/** Short waits so retries take milliseconds. */
export const fast: AgnesGotOptions = fastRetries;

const startMock = mockServers();

/** The got version under test. */
export const gotMajor: string = clientVersion(fileURLToPath(new URL('..', import.meta.url)), 'got');

/** A mock server and a got instance extended with Agnes, pointed at it. */
export async function setup(
  options: AgnesGotOptions = fast,
  server: MockAgnesOptions = {},
  extra: ExtendOptions = {},
): Promise<{ mock: MockAgnes; api: Got }> {
  const mock = await startMock(server);
  const api = got.extend(
    { prefixUrl: mock.baseURL, headers: { authorization: `Bearer ${apiKey}` }, ...extra },
    agnesGot(options),
  );
  return { mock, api };
}

/** What tests read off a caught got error. */
export type CaughtError = Error & {
  agnes: AgnesErrorInfo;
  code: string;
  response: { statusCode: number; body: string };
  options: { headers: Record<string, string> };
};

/** The rejection of a promise, failing the test if it resolves. */
export const rejection = (promise: Promise<unknown>): Promise<CaughtError> =>
  rejectionOf<CaughtError>(promise);
