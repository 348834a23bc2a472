import type { AgnesClientVideosOptions, AgnesVideos } from '@agnes-errors/core';
import { agnesConnection, keyDigest, videoTasks } from '@agnes-errors/core/adapter-kit';
import type { AxiosInstance } from 'axios';

/** The Authorization value the instance sends by default, if it can be read. */
function defaultAuthorization(instance: AxiosInstance): string | undefined {
  const headers = instance.defaults.headers as unknown as Record<string, unknown> & {
    common?: Record<string, unknown>;
  };
  const value = headers.Authorization ?? headers.authorization ?? headers.common?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Long-running video tasks (`create`, `wait`, `generate`) sent through an axios instance: its
 * auth, base URL and interceptors, and (after `attachAgnes`) our retries and pacing apply to every
 * create and poll. Failures of a request are the instance's `AxiosError`s with `error.agnes`; a
 * failed task or a wait's deadline is an `AgnesError` whose `agnes.taskId` names the task.
 *
 * @example
 * const api = axios.create({ baseURL: 'https://apihub.agnes-ai.com/v1', headers: { Authorization: `Bearer ${key}` } });
 * attachAgnes(api, { rpm: 20 });
 * const video = await agnesVideos(api).generate({ model: 'agnes-video-2.5-flash', prompt: 'a red kite' });
 */
export function agnesVideos(instance: AxiosInstance, options: AgnesClientVideosOptions = {}): AgnesVideos {
  const baseURL = options.baseURL ?? instance.defaults.baseURL;
  return videoTasks(
    {
      baseURL: baseURL ?? agnesConnection({}, 'agnesVideos').baseURL,
      keyDigest: () => {
        const authorization = defaultAuthorization(instance);
        return authorization === undefined ? undefined : keyDigest(authorization);
      },
      send: async ({ method, url, body, headers, signal }) => {
        const response = await instance.request({
          method,
          url,
          ...(body !== undefined && { data: body }),
          ...(headers && { headers }),
          ...(signal && { signal }),
        });
        return {
          status: response.status,
          headers: response.headers as Record<string, string>,
          body: response.data,
        };
      },
    },
    options,
  );
}
