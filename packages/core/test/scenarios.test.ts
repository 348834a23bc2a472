import { AgnesError, agnesFetch } from '@agnes-errors/core';
import { describeAdapterScenarios } from '../../../tooling/vitest/adapter-scenarios.ts';

const apiKey = 'sk-agnes-fetch-scenarios-0000000000';

/**
 * agnesFetch, the reference adapter, through the shared scenarios. fetch answers an HTTP failure
 * with its response; the scenarios need an error, so the driver asks for one as a user would:
 * `throwAgnesError: true` (a final HTTP failure throws an `AgnesError`, the response as its cause).
 * The base URL puts the mock server's host in scope, as it does for every client.
 */
describeAdapterScenarios({
  client: `fetch (Node ${process.versions.node})`,
  apiKey,
  create(baseURL, options, key) {
    const fetcher = agnesFetch({ ...options, baseURL, throwAgnesError: true });
    return async ({ method, path, body }, signal) => {
      const response = await fetcher(`${baseURL}${path}`, {
        method,
        headers: {
          ...(key && { authorization: `Bearer ${key}` }),
          ...(body && { 'content-type': 'application/json' }),
        },
        ...(body && { body: JSON.stringify(body) }),
        ...(signal && { signal }),
      });
      return response.json();
    };
  },
  isHostError: (error, status) => error instanceof AgnesError && error.agnes.status === status,
  isAbortError: (error) => (error as Error).name === 'AbortError',
});
