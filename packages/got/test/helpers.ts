import { fileURLToPath } from 'node:url';
import type { AgnesErrorInfo } from '@agnes-errors/core';
import { type MockAgnes, type MockAgnesOptions, startMockAgnes } from '@agnes-errors/testing';
import got, { type ExtendOptions, type Got } from 'got';
import { afterEach } from 'vitest';
import { clientVersion } from '../../../tooling/vitest/project.ts';
import { type AgnesGotOptions, agnesGot } from '../src/index.ts';

export const apiKey = 'sk-gottest0123456789abcdefghi';
export const chatBody: { model: string; messages: { role: string; content: string }[] } = {
  model: 'agnes-2.5-flash',
  messages: [{ role: 'user', content: 'hi' }],
};
/** Short waits so retries take milliseconds. */
export const fast: AgnesGotOptions = { baseDelayMs: 5, maxDelayMs: 20 };

let servers: MockAgnes[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** The got version under test. */
export const gotMajor: string = clientVersion(fileURLToPath(new URL('..', import.meta.url)), 'got');

/** A mock server and a got instance extended with Agnes, pointed at it. */
export async function setup(
  options: AgnesGotOptions = fast,
  server: MockAgnesOptions = {},
  extra: ExtendOptions = {},
): Promise<{ mock: MockAgnes; api: Got }> {
  const mock = await startMockAgnes(server);
  servers.push(mock);
  const api = got.extend(
    { prefixUrl: mock.baseURL, headers: { authorization: `Bearer ${apiKey}` }, ...extra },
    agnesGot(options) as ExtendOptions,
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
export async function rejection(promise: Promise<unknown>): Promise<CaughtError> {
  try {
    await promise;
  } catch (error) {
    return error as CaughtError;
  }
  throw new Error('expected a rejection');
}
