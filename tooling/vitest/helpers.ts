import type { AgnesOptions } from '@agnes-errors/core';
import { type MockAgnes, type MockAgnesOptions, startMockAgnes } from '@agnes-errors/testing';
import { afterEach } from 'vitest';

/** The chat request every adapter test sends. */
export const chatBody: { model: string; messages: { role: 'user'; content: string }[] } = {
  model: 'agnes-2.5-flash',
  messages: [{ role: 'user', content: 'hi' }],
};

/** Short waits so retries take milliseconds. */
export const fastRetries: AgnesOptions = { baseDelayMs: 5, maxDelayMs: 20 };

/** Starts mock servers for a test file and closes every one of them after each test. */
export function mockServers(): (options?: MockAgnesOptions) => Promise<MockAgnes> {
  let servers: MockAgnes[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
  });
  return async (options = {}) => {
    const mock = await startMockAgnes(options);
    servers.push(mock);
    return mock;
  };
}

/** The rejection of a promise, failing the test if it resolves. */
export async function rejection<E = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error('expected a rejection');
}
