import { fileURLToPath } from 'node:url';
import { type AgnesErrorInfo, ChatAgnes, type ChatAgnesInput } from '@agnes-errors/langchain';
import type { MockAgnes, MockAgnesOptions } from '@agnes-errors/testing';
import {
  drainStream,
  fastRetries,
  mockServers,
  rejection as rejectionOf,
} from '../../../tooling/vitest/helpers.ts';
import { clientVersion } from '../../../tooling/vitest/project.ts';

export const apiKey = 'sk-langchaintest0123456789abc';
/** Short waits so retries take milliseconds. */
export const fast: ChatAgnesInput = fastRetries;
/** The @langchain/openai version under test. */
export const langchainVersion: string = clientVersion(
  fileURLToPath(new URL('..', import.meta.url)),
  '@langchain/openai',
);

const startMock = mockServers();

/** A mock server and a ChatAgnes pointed at it. */
export async function setup(
  fields: ChatAgnesInput = fast,
  server: MockAgnesOptions = {},
): Promise<{ mock: MockAgnes; model: ChatAgnes }> {
  const mock = await startMock(server);
  return { mock, model: new ChatAgnes({ baseURL: mock.baseURL, apiKey, ...fields }) };
}

/** What tests read off a caught error. */
export type CaughtError = Error & {
  agnes: AgnesErrorInfo;
  status?: number;
  lc_error_code?: string;
  cause?: unknown;
};

/** The rejection of a promise, failing the test if it resolves. */
export const rejection = (promise: Promise<unknown>): Promise<CaughtError> =>
  rejectionOf<CaughtError>(promise);

/** The chunks of a stream, and the error it threw. */
export async function drain(
  stream: AsyncIterable<unknown>,
): Promise<{ chunks: unknown[]; thrown: CaughtError | undefined }> {
  const { items, thrown } = await drainStream<unknown>(stream);
  return { chunks: items, thrown: thrown as CaughtError | undefined };
}
