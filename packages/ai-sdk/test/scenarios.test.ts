import { createAgnes } from '@agnes-errors/ai-sdk';
import { APICallError, generateText } from 'ai';
import { describeAdapterScenarios } from '../../../tooling/vitest/adapter-scenarios.ts';
import { aiVersion, apiKey, generateImage } from './helpers.ts';

describeAdapterScenarios({
  client: `ai ${aiVersion}`,
  apiKey,
  create(baseURL, options, key) {
    // Without a key (and without AGNES_API_KEY) the provider sends nothing: see `requiresKey`.
    const agnes = createAgnes({ baseURL, ...(key && { apiKey: key }), ...options });
    return async ({ path, body }, signal) => {
      const settings = signal ? { abortSignal: signal } : {};
      if (path === '/images/generations') {
        const { model, prompt, size } = body as { model: string; prompt: string; size: string };
        return generateImage({ model: agnes.imageModel(model), prompt, size, ...settings });
      }
      const { model, messages } = body as { model: string; messages: { role: 'user'; content: string }[] };
      // ai 7 keeps the response body only when asked to (`include`); ai 5 and 6 always do.
      const include = { responseBody: true };
      const result = await generateText({ model: agnes(model), messages, ...settings, include } as never);
      return result.response.body;
    };
  },
  // The AI SDK reaches chat and images; it has no call for listing models or creating video tasks.
  supports: ({ path }) => path === '/chat/completions' || path === '/images/generations',
  requiresKey: true,
  isHostError: (error, status) => APICallError.isInstance(error) && error.statusCode === status,
  isAbortError: (error) => error instanceof Error && error.name === 'AbortError',
});
