import { ChatAgnes } from '@agnes-errors/langchain';
import { OpenAIClient } from '@langchain/openai';
import { describeAdapterScenarios } from '../../../tooling/vitest/adapter-scenarios.ts';
import { apiKey, langchainVersion } from './helpers.ts';

/** The SDK class each status maps to; statuses without one stay a plain APIError. */
const statusClasses: Record<number, abstract new (...args: never[]) => Error> = {
  401: OpenAIClient.AuthenticationError,
  404: OpenAIClient.NotFoundError,
  500: OpenAIClient.InternalServerError,
};

describeAdapterScenarios({
  client: `@langchain/openai ${langchainVersion}`,
  apiKey,
  create(baseURL, options, key) {
    // One model per model id, as an application keeps it (its controller counts every call).
    const models = new Map<string, ChatAgnes>();
    return async ({ body }, signal) => {
      // Built at the first call: without a key (and AGNES_API_KEY) the constructor throws (`requiresKey`).
      const { model, messages } = body as { model: string; messages: { role: 'user'; content: string }[] };
      const chat =
        models.get(model) ??
        new ChatAgnes({
          baseURL,
          model,
          ...(key && { apiKey: key }),
          ...options,
          __includeRawResponse: true,
        });
      models.set(model, chat);
      const answer = await chat.invoke(
        messages.map((message) => ['user', message.content] as const),
        signal ? { signal } : {},
      );
      return answer.additional_kwargs.__raw_response;
    };
  },
  // A chat model reaches the chat endpoint only.
  supports: ({ path }) => path === '/chat/completions',
  requiresKey: true,
  isHostError: (error, status) =>
    error instanceof (statusClasses[status] ?? OpenAIClient.APIError) &&
    (error as { status?: number }).status === status,
  isAbortError: (error) =>
    error instanceof Error && (error.name === 'AbortError' || /abort/i.test(error.message)),
});
