import { fileURLToPath } from 'node:url';
import { type AgnesErrorInfo, type AgnesProviderSettings, createAgnes } from '@agnes-errors/ai-sdk';
import type { MockAgnes, MockAgnesOptions } from '@agnes-errors/testing';
import * as ai from 'ai';
import {
  drainStream,
  fastRetries,
  mockServers,
  rejection as rejectionOf,
} from '../../../tooling/vitest/helpers.ts';
import { clientVersion } from '../../../tooling/vitest/project.ts';

export const apiKey = 'sk-aisdktest0123456789abcdef';
/** Short waits so retries take milliseconds. */
export const fast: AgnesProviderSettings = fastRetries;
/** The `ai` version under test. */
export const aiVersion: string = clientVersion(fileURLToPath(new URL('..', import.meta.url)), 'ai');
export const aiMajor: number = Number(aiVersion.split('.')[0]);

type Loose = Record<string, unknown>;
/** `generateImage` (ai 6+) or `experimental_generateImage` (ai 5). */
export const generateImage = ((ai as unknown as Loose).generateImage ??
  (ai as unknown as Loose).experimental_generateImage) as (options: Loose) => Promise<Loose>;

const startMock = mockServers();

/** A mock server and an Agnes provider pointed at it. */
export async function setup(
  settings: AgnesProviderSettings = fast,
  server: MockAgnesOptions = {},
): Promise<{ mock: MockAgnes; agnes: ReturnType<typeof createAgnes> }> {
  const mock = await startMock(server);
  return { mock, agnes: createAgnes({ baseURL: mock.baseURL, apiKey, ...settings }) };
}

/** What tests read off a caught AI SDK error. */
export type CaughtError = Error & {
  agnes: AgnesErrorInfo;
  statusCode?: number;
  isRetryable?: boolean;
  cause?: unknown;
};

/** The rejection of a promise, failing the test if it resolves. */
export const rejection = (promise: Promise<unknown>): Promise<CaughtError> =>
  rejectionOf<CaughtError>(promise);

/** Every part of a `streamText` full stream, and the error it threw, if any. */
export async function drain(stream: AsyncIterable<unknown>): Promise<{ parts: Loose[]; thrown: unknown }> {
  const { items, thrown } = await drainStream<Loose>(stream);
  return { parts: items, thrown };
}
