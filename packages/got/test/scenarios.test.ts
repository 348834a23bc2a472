import { agnesGot } from '@agnes-errors/got';
import got, { HTTPError, RequestError } from 'got';
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
    return ({ method, path, body, headers, rawBody }, signal) =>
      api(path.replace(/^\//, ''), {
        method,
        ...(rawBody !== undefined ? { body: rawBody } : body && { json: body }),
        ...(headers && { headers }),
        ...(signal && { signal }),
      }).json();
  },
  sendsBodyAsIs: true,
  sendsRaw: true,
  isRequestError: (error) => error instanceof RequestError && !(error instanceof HTTPError),
  isHostError: (error, status) => error instanceof HTTPError && error.response.statusCode === status,
  isAbortError: (error) => (error as Error).name === 'AbortError',
});
