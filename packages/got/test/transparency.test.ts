import { agnesGot } from '@agnes-errors/got';
import got, { type Response } from 'got';
import {
  describeTransparency,
  type HookView,
  observedError,
  transparencyKey,
} from '../../../tooling/vitest/transparency.ts';
import { gotMajor } from './helpers.ts';

const viewOf = (response: Response): HookView => ({
  status: response.statusCode,
  url: response.url,
  redirected: response.redirectUrls.length > 0,
});

describeTransparency({
  client: `got ${gotMajor}`,
  ownRetries: true,
  create({ baseURL, agnes, timeoutMs, retryLimit, retryBackoffMs }) {
    const hooks: HookView[] = [];
    let api = got.extend({
      prefixUrl: baseURL,
      headers: { authorization: `Bearer ${transparencyKey}` },
      ...(timeoutMs !== undefined && { timeout: { request: timeoutMs } }),
      hooks: {
        afterResponse: [
          (response) => {
            hooks.push(viewOf(response));
            return response;
          },
        ],
      },
    });
    if (agnes) api = api.extend(agnesGot(agnes));
    return async ({ url, signal }) => {
      const under = url.startsWith(`${baseURL}/`);
      try {
        const response = await api.get(under ? url.slice(baseURL.length + 1) : url, {
          ...(under ? {} : { prefixUrl: '' }),
          ...(signal && { signal }),
          retry: {
            ...(retryLimit !== undefined && { limit: retryLimit }),
            ...(retryBackoffMs !== undefined && { backoffLimit: retryBackoffMs, noise: 0 }),
          },
        });
        return {
          ok: true,
          ...viewOf(response),
          contentType: response.headers['content-type'] ?? null,
          body: response.body,
          hooks,
        };
      } catch (error) {
        return observedError(error, hooks);
      }
    };
  },
});
