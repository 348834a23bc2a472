import { withAgnes } from '@agnes-errors/anthropic';
import Anthropic from '@anthropic-ai/sdk';
import { describeAdapterScenarios } from '../../../tooling/vitest/adapter-scenarios.ts';
import { anthropicVersion, apiKey } from './helpers.ts';

/** The SDK class each status maps to; statuses without one stay a plain APIError. */
const statusClasses: Record<number, abstract new (...args: never[]) => Error> = {
  401: Anthropic.AuthenticationError,
  404: Anthropic.NotFoundError,
  500: Anthropic.InternalServerError,
};

describeAdapterScenarios({
  client: `@anthropic-ai/sdk ${anthropicVersion}`,
  apiKey,
  chatRoute: { path: '/messages', answer: { type: 'message', role: 'assistant' } },
  create(baseURL, options, key) {
    // The SDK adds /v1 itself.
    const client = withAgnes(
      new Anthropic({ baseURL: baseURL.replace(/\/v1$/, ''), apiKey: key ?? null, authToken: null }),
      options,
    );
    // Without a key, null headers on the request are the SDK's way to send none (0.41 reads only these).
    const noKey = { headers: { 'x-api-key': null, authorization: null } };
    return ({ path, body }, signal) => {
      const requestOptions = { ...(signal && { signal }), ...(!key && noKey) };
      if (path === '/chat/completions') {
        // The scenarios' chat request in the Messages API's terms: the same model and messages.
        const { model, messages } = body as { model: string; messages: Anthropic.MessageParam[] };
        return client.messages.create({ model, max_tokens: 1024, messages }, requestOptions);
      }
      if (path === '/models') return client.models.list({}, requestOptions);
      throw new Error(`not a scenario this client can send: ${path}`);
    };
  },
  // The Messages API has no image or video generation.
  supports: ({ path }) => path === '/chat/completions' || path === '/models',
  isHostError: (error, status) =>
    error instanceof (statusClasses[status] ?? Anthropic.APIError) &&
    (error as { status?: number }).status === status,
  isAbortError: (error) => error instanceof Anthropic.APIUserAbortError,
});
