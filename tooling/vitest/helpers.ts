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

/**
 * A scripted 200 chat completion whose message is `message` (content, tool calls...), for the
 * framework tests of structured output and tool calls.
 */
export function chatCompletionStep(
  message: Record<string, unknown>,
  finishReason = 'stop',
): { status: 200; body: Record<string, unknown> } {
  return {
    status: 200,
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: chatBody.model,
      choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    },
  };
}

/** Every item of a stream (chunks, parts), and the error it threw, if any. */
export async function drainStream<T = Record<string, unknown>>(
  stream: AsyncIterable<unknown>,
): Promise<{ items: T[]; thrown: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of stream) items.push(item as T);
  } catch (error) {
    return { items, thrown: error };
  }
  return { items, thrown: undefined };
}
