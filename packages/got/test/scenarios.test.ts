import { agnesGot } from '@agnes-errors/got';
import got, { HTTPError } from 'got';
import { describeAdapterScenarios } from '../../../tooling/vitest/adapter-scenarios.ts';
import { apiKey, gotMajor } from './helpers.ts';

describeAdapterScenarios({
  client: `got ${gotMajor}`,
  apiKey,
  create(baseURL, options, key) {
    const api = got.extend(
      { prefixUrl: baseURL, headers: key ? { authorization: `Bearer ${key}` } : {} },
      agnesGot(options),
    );
    return ({ method, path, body }, signal) =>
      api(path.replace(/^\//, ''), { method, ...(body && { json: body }), ...(signal && { signal }) }).json();
  },
  isHostError: (error, status) => error instanceof HTTPError && error.response.statusCode === status,
  isAbortError: (error) => (error as Error).name === 'AbortError',
});
