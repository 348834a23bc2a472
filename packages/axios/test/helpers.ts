import { type AgnesAxiosOptions, attachAgnes } from '@agnes-errors/axios';
import type { MockAgnes, MockAgnesOptions } from '@agnes-errors/testing';
import axios, { type AxiosError, type AxiosInstance, type CreateAxiosDefaults } from 'axios';
import {
  chatBody,
  fastRetries,
  mockServers,
  rejection as rejectionOf,
} from '../../../tooling/vitest/helpers.ts';

export const apiKey = 'sk-axiostest0123456789abcdefgh';
export { chatBody };
/** Short waits so retries take milliseconds. */
export const fast: AgnesAxiosOptions = fastRetries;

const startMock = mockServers();

/** A mock server and an axios instance with Agnes attached, pointed at it. */
export async function setup(
  options: AgnesAxiosOptions = fast,
  server: MockAgnesOptions = {},
  defaults: CreateAxiosDefaults = {},
): Promise<{ mock: MockAgnes; api: AxiosInstance; detach: () => void }> {
  const mock = await startMock(server);
  const api = axios.create({
    baseURL: mock.baseURL,
    headers: { Authorization: `Bearer ${apiKey}` },
    ...defaults,
  });
  const detach = attachAgnes(api, options);
  return { mock, api, detach };
}

/** The rejection of a promise, failing the test if it resolves. */
export const rejection = (promise: Promise<unknown>): Promise<AxiosError> => rejectionOf<AxiosError>(promise);
