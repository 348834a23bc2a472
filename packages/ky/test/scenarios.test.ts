import { agnesKy } from '@agnes-errors/ky';
import ky, { HTTPError } from 'ky';
import { describeAdapterScenarios } from '../../../tooling/vitest/adapter-scenarios.ts';
import { apiKey, kyMajor, kyVersion } from './helpers.ts';

describeAdapterScenarios({
  client: `ky ${kyVersion}`,
  apiKey,
  create(baseURL, options, key) {
    const prefix = kyMajor === 2 ? { prefix: baseURL } : { prefixUrl: baseURL };
    const api = ky.create({
      ...prefix,
      headers: key ? { authorization: `Bearer ${key}` } : {},
      ...agnesKy(options),
    } as never);
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
  // ky 2: its NetworkError; ky 1 has none and rejects with fetch's TypeError.
  isRequestError: (error) => (error as Error).name === 'NetworkError' || error instanceof TypeError,
  isHostError: (error, status) => error instanceof HTTPError && error.response.status === status,
  isAbortError: (error) => (error as Error).name === 'AbortError',
});
