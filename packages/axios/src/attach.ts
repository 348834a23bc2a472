import { AgnesController, agnesScope } from '@agnes-errors/core/adapter-kit';
import type { AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import { loopingAdapter } from './adapter.ts';
import { fullUrl } from './failure.ts';
import type { AgnesAxiosOptions } from './types.ts';

/** axios-retry keeps its per-request settings under this config key. */
const axiosRetryKey = 'axios-retry';

/**
 * Makes an axios instance (or the default export) Agnes-aware: pacing, retries with Agnes
 * decisions, and `error.agnes` plus an Agnes message on failures. Existing `catch` code keeps
 * working: errors stay `AxiosError`. Returns `detach()`, which restores the instance.
 *
 * @example
 * const api = axios.create({ baseURL: 'https://apihub.agnes-ai.com/v1', headers: { Authorization: `Bearer ${key}` } });
 * attachAgnes(api, { rpm: 20 });
 */
export function attachAgnes(instance: AxiosInstance, options: AgnesAxiosOptions = {}): () => void {
  const controller = new AgnesController(options);
  const disableAxiosRetry = options.disableAxiosRetry ?? true;
  const inScope = agnesScope({ hosts: controller.options.hosts, baseURLs: [instance.defaults.baseURL] });
  const id = instance.interceptors.request.use((config: InternalAxiosRequestConfig) => {
    const perRequest = config.agnesOptions ?? config.agnes;
    if (perRequest === false) return config;
    // Not an Agnes call: axios (and axios-retry) handle it exactly as without us.
    if (!inScope(fullUrl(config), config.baseURL)) return config;
    // Our loop replaces axios-retry's for this request, so attempts never multiply.
    if (disableAxiosRetry) (config as unknown as Record<string, unknown>)[axiosRetryKey] = { retries: 0 };
    config.adapter = loopingAdapter(
      controller,
      instance,
      config.adapter ?? instance.defaults.adapter,
      perRequest,
    );
    return config;
  });
  return () => instance.interceptors.request.eject(id);
}
