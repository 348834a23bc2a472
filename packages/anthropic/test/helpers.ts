import { fileURLToPath } from 'node:url';
import { type AgnesAnthropicOptions, type AgnesErrorInfo, withAgnes } from '@agnes-errors/anthropic';
import type { MockAgnes, MockAgnesOptions } from '@agnes-errors/testing';
import Anthropic from '@anthropic-ai/sdk';
import { fastRetries, mockServers, rejection as rejectionOf } from '../../../tooling/vitest/helpers.ts';
import { clientVersion } from '../../../tooling/vitest/project.ts';

export const apiKey = 'sk-ant-anthropictest0123456789abcdef';
/** The message request every test sends. */
export const messageRequest: Anthropic.MessageCreateParamsNonStreaming = {
  model: 'agnes-2.5-flash',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'hi' }],
};
/** Short waits so retries take milliseconds. */
export const fast: AgnesAnthropicOptions = fastRetries;
/** The @anthropic-ai/sdk version under test. */
export const anthropicVersion: string = clientVersion(
  fileURLToPath(new URL('..', import.meta.url)),
  '@anthropic-ai/sdk',
);
/** 0.41 and earlier: node-fetch, no withOptions(). */
export const nodeFetchEra: boolean = /^0\.([0-9]|[1-4][0-9])\./.test(anthropicVersion);

const startMock = mockServers();

/** The Anthropic SDK's base URL for a mock server: its origin (the SDK adds /v1/messages). */
export const sdkBaseURL = (mock: MockAgnes): string => mock.origin;

/** A mock server and an Agnes-wrapped Anthropic client pointed at it. */
export async function setup(
  options: AgnesAnthropicOptions = fast,
  server: MockAgnesOptions = {},
  clientOptions: Record<string, unknown> = {},
): Promise<{ mock: MockAgnes; client: Anthropic }> {
  const mock = await startMock(server);
  const client = withAgnes(new Anthropic({ baseURL: sdkBaseURL(mock), apiKey, ...clientOptions }), options);
  return { mock, client };
}

/** What tests read off a caught SDK error. */
export type CaughtError = Error & { agnes: AgnesErrorInfo; status?: number; error?: unknown };

/** The rejection of a promise, failing the test if it resolves. */
export const rejection = (promise: Promise<unknown>): Promise<CaughtError> =>
  rejectionOf<CaughtError>(promise);
