import { type MockAgnes, type MockAgnesOptions, startMockAgnes } from '@agnes-errors/testing';
import axios, { type AxiosError, type AxiosInstance, type CreateAxiosDefaults } from 'axios';
import { afterEach } from 'vitest';
import { type AgnesAxiosOptions, attachAgnes } from '../src/index.ts';

export const apiKey = 'sk-axiostest0123456789abcdefgh';
export const chatBody: { model: string; messages: { role: string; content: string }[] } = {
  model: 'agnes-2.5-flash',
  messages: [{ role: 'user', content: 'hi' }],
};
/** Short waits so retries take milliseconds. */
export const fast: AgnesAxiosOptions = { baseDelayMs: 5, maxDelayMs: 20 };

let servers: MockAgnes[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** A mock server and an axios instance with Agnes attached, pointed at it. */
export async function setup(
  options: AgnesAxiosOptions = fast,
  server: MockAgnesOptions = {},
  defaults: CreateAxiosDefaults = {},
): Promise<{ mock: MockAgnes; api: AxiosInstance; detach: () => void }> {
  const mock = await startMockAgnes(server);
  servers.push(mock);
  const api = axios.create({
    baseURL: mock.baseURL,
    headers: { Authorization: `Bearer ${apiKey}` },
    ...defaults,
  });
  const detach = attachAgnes(api, options);
  return { mock, api, detach };
}

/** The rejection of a promise, failing the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<AxiosError> {
  try {
    await promise;
  } catch (error) {
    return error as AxiosError;
  }
  throw new Error('expected a rejection');
}
