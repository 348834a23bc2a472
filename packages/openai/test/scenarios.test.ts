import { withAgnes } from '@agnes-errors/openai';
import OpenAI from 'openai';
import { describeAdapterScenarios } from '../../../tooling/vitest/adapter-scenarios.ts';
import { apiKey, openaiVersion } from './helpers.ts';

/** The SDK class each status maps to; statuses without one stay a plain APIError. */
const statusClasses: Record<number, abstract new (...args: never[]) => Error> = {
  401: OpenAI.AuthenticationError,
  404: OpenAI.NotFoundError,
  500: OpenAI.InternalServerError,
};

describeAdapterScenarios({
  client: `openai ${openaiVersion}`,
  apiKey,
  create(baseURL, options, key) {
    // The SDK always sends a key; a null default header takes the Authorization header out again.
    const client = withAgnes(
      new OpenAI({
        baseURL,
        apiKey: key ?? apiKey,
        ...(!key && { defaultHeaders: { Authorization: null } }),
      }),
      options,
    );
    return ({ method, path, body }, signal) => {
      const requestOptions = signal ? { signal } : {};
      if (path === '/chat/completions') return client.chat.completions.create(body as never, requestOptions);
      if (path === '/images/generations') return client.images.generate(body as never, requestOptions);
      if (path === '/models') return client.models.list(requestOptions);
      return method === 'GET'
        ? client.get(path, requestOptions)
        : client.post(path, { body, ...requestOptions });
    };
  },
  isHostError: (error, status) =>
    error instanceof (statusClasses[status] ?? OpenAI.APIError) &&
    (error as { status?: number }).status === status,
  isAbortError: (error) => error instanceof OpenAI.APIUserAbortError,
  sendsBodyAsIs: true,
  isRequestError: (error) => error instanceof OpenAI.APIConnectionError,
});
