import { attachAgnes } from '@agnes-errors/axios';
import axios, { type AxiosResponse } from 'axios';
import {
  describeTransparency,
  type HookView,
  observedError,
  transparencyKey,
} from '../../../tooling/vitest/transparency.ts';

/** The URL axios ended at (after redirects), as Node's http adapter reports it. */
const finalUrl = (response: AxiosResponse): string =>
  (response.request as { res?: { responseUrl?: string } } | undefined)?.res?.responseUrl ?? '';

describeTransparency({
  client: `axios ${axios.VERSION}`,
  takesFetch: true,
  create({ baseURL, agnes, fetch: custom, timeoutMs }) {
    const hooks: HookView[] = [];
    const api = axios.create({
      baseURL,
      headers: { Authorization: `Bearer ${transparencyKey}` },
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      ...(timeoutMs !== undefined && { timeout: timeoutMs }),
      // A transport of the caller's own: an adapter around their fetch.
      ...(custom && {
        adapter: async (config) => {
          const response = await custom(String(config.url));
          return {
            data: await response.text(),
            status: response.status,
            statusText: '',
            headers: {},
            config,
          };
        },
      }),
    });
    api.interceptors.response.use((response) => {
      hooks.push({ status: response.status, url: finalUrl(response) });
      return response;
    });
    if (agnes) attachAgnes(api, agnes);
    return async ({ url, signal }) => {
      try {
        const response = await api.get<string>(url, { ...(signal && { signal }) });
        return {
          ok: true,
          status: response.status,
          url: finalUrl(response),
          contentType: String(response.headers['content-type']),
          body: response.data,
          hooks,
        };
      } catch (error) {
        return observedError(error, hooks);
      }
    };
  },
});
