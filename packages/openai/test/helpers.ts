import { fileURLToPath } from 'node:url';
import { type MockAgnes, type MockAgnesOptions, startMockAgnes } from '@agnes-errors/testing';
import OpenAI from 'openai';
import { afterEach } from 'vitest';
import { clientVersion } from '../../../tooling/vitest/project.ts';
import { type AgnesErrorInfo, type AgnesOpenAIOptions, withAgnes } from '../src/index.ts';

export const apiKey = 'sk-openaitest0123456789abcdef';
export const chatRequest: { model: string; messages: { role: 'user'; content: string }[] } = {
  model: 'agnes-2.5-flash',
  messages: [{ role: 'user', content: 'hi' }],
};
/** Short waits so retries take milliseconds. */
export const fast: AgnesOpenAIOptions = { baseDelayMs: 5, maxDelayMs: 20 };
/** The openai version under test. */
export const openaiVersion: string = clientVersion(fileURLToPath(new URL('..', import.meta.url)), 'openai');
export const openaiMajor: number = Number(openaiVersion.split('.')[0]);

let servers: MockAgnes[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** A mock server and an Agnes-wrapped OpenAI client pointed at it. */
export async function setup(
  options: AgnesOpenAIOptions = fast,
  server: MockAgnesOptions = {},
  clientOptions: Record<string, unknown> = {},
): Promise<{ mock: MockAgnes; client: OpenAI }> {
  const mock = await startMockAgnes(server);
  servers.push(mock);
  const client = withAgnes(new OpenAI({ baseURL: mock.baseURL, apiKey, ...clientOptions }), options);
  return { mock, client };
}

/** What tests read off a caught SDK error. */
export type CaughtError = Error & { agnes: AgnesErrorInfo; status?: number; error?: unknown };

/** The rejection of a promise, failing the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<CaughtError> {
  try {
    await promise;
  } catch (error) {
    return error as CaughtError;
  }
  throw new Error('expected a rejection');
}
