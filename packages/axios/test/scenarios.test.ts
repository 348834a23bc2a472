import { attachAgnes } from '@agnes-errors/axios';
import axios from 'axios';
import { describeAdapterScenarios } from '../../../tooling/vitest/adapter-scenarios.ts';
import { apiKey } from './helpers.ts';

describeAdapterScenarios({
  client: `axios ${axios.VERSION}`,
  apiKey,
  create(baseURL, options, key) {
    const api = axios.create({ baseURL, headers: key ? { Authorization: `Bearer ${key}` } : {} });
    attachAgnes(api, options);
    return async ({ method, path, body, headers, rawBody }, signal) =>
      (
        await api.request({
          method,
          url: path,
          ...((rawBody ?? body) && { data: rawBody ?? body }),
          ...(headers && { headers }),
          ...(signal && { signal }),
        })
      ).data;
  },
  sendsBodyAsIs: true,
  sendsRaw: true,
  isRequestError: (error) => axios.isAxiosError(error) && error.response === undefined,
  isHostError: (error, status) => axios.isAxiosError(error) && error.response?.status === status,
  isAbortError: (error) => axios.isCancel(error) && (error as { code?: string }).code === 'ERR_CANCELED',
});
