import { agnesKy } from '@agnes-errors/ky';
import ky from 'ky';
import {
  describeTransparency,
  type HookView,
  hookView,
  observedError,
  observedResponse,
  transparencyKey,
} from '../../../tooling/vitest/transparency.ts';
import { kyMajor, kyVersion } from './helpers.ts';

describeTransparency({
  client: `ky ${kyVersion}`,
  takesFetch: true,
  ownRetries: true,
  create({ baseURL, agnes, fetch: custom, timeoutMs, retryLimit, retryBackoffMs }) {
    const hooks: HookView[] = [];
    // ky 1 calls hooks with positional arguments, ky 2 with one state object.
    const afterResponse = (...args: unknown[]): void => {
      const response = (kyMajor === 2 ? (args[0] as { response: Response }).response : args[2]) as Response;
      hooks.push(hookView(response));
    };
    const prefix = (value: string) => (kyMajor === 2 ? { prefix: value } : { prefixUrl: value });
    let api = ky.create({
      ...prefix(baseURL),
      headers: { authorization: `Bearer ${transparencyKey}` },
      ...(custom && { fetch: custom }),
      ...(timeoutMs !== undefined && { timeout: timeoutMs }),
      hooks: { afterResponse: [afterResponse] },
    } as never);
    if (agnes) api = api.extend(agnesKy({ ...agnes, ...(custom && { fetch: custom }) }) as never);
    return async ({ url, signal }) => {
      const under = url.startsWith(`${baseURL}/`);
      try {
        const response = await api.get(under ? url.slice(baseURL.length + 1) : url, {
          ...(under ? {} : prefix('')),
          ...(signal && { signal }),
          retry: {
            ...(retryLimit !== undefined && { limit: retryLimit }),
            ...(retryBackoffMs !== undefined && { backoffLimit: retryBackoffMs }),
          },
        } as never);
        return await observedResponse(response, hooks);
      } catch (error) {
        return observedError(error, hooks);
      }
    };
  },
});
