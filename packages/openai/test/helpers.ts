import { fileURLToPath } from 'node:url';
import { type AgnesErrorInfo, type AgnesOpenAIOptions, withAgnes } from '@agnes-errors/openai';
import type { MockAgnes, MockAgnesOptions } from '@agnes-errors/testing';
import OpenAI from 'openai';
import {
  chatBody,
  fastRetries,
  mockServers,
  rejection as rejectionOf,
} from '../../../tooling/vitest/helpers.ts';
import { clientVersion } from '../../../tooling/vitest/project.ts';

export const apiKey = 'sk-openaitest0123456789abcdef';
export const chatRequest: typeof chatBody = chatBody;
/** Short waits so retries take milliseconds. */
export const fast: AgnesOpenAIOptions = fastRetries;
/** The openai version under test. */
export const openaiVersion: string = clientVersion(fileURLToPath(new URL('..', import.meta.url)), 'openai');
export const openaiMajor: number = Number(openaiVersion.split('.')[0]);

const startMock = mockServers();

/** A mock server and an Agnes-wrapped OpenAI client pointed at it. */
export async function setup(
  options: AgnesOpenAIOptions = fast,
  server: MockAgnesOptions = {},
  clientOptions: Record<string, unknown> = {},
): Promise<{ mock: MockAgnes; client: OpenAI }> {
  const mock = await startMock(server);
  const client = withAgnes(new OpenAI({ baseURL: mock.baseURL, apiKey, ...clientOptions }), options);
  return { mock, client };
}

/** What tests read off a caught SDK error. */
export type CaughtError = Error & { agnes: AgnesErrorInfo; status?: number; error?: unknown };

/** The rejection of a promise, failing the test if it resolves. */
export const rejection = (promise: Promise<unknown>): Promise<CaughtError> =>
  rejectionOf<CaughtError>(promise);
