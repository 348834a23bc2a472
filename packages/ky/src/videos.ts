import type { AgnesClientVideosOptions, AgnesVideos } from '@agnes-errors/core';
import { agnesConnection, videoTasks } from '@agnes-errors/core/adapter-kit';
import type { KyInstance, Options } from 'ky';

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Long-running video tasks (`create`, `wait`, `generate`) sent through a ky instance: its headers,
 * hooks, and (made with `agnesKy`) our retries and pacing apply to every create and poll. ky's
 * prefix cannot be read back from an instance, so pass `baseURL` unless it is the default
 * (`AGNES_BASE_URL`, else `https://apihub.agnes-ai.com/v1`); requests are sent to absolute URLs.
 * Failures of a request are ky's `HTTPError`s with `error.agnes`; a failed task or a wait's
 * deadline is an `AgnesError` whose `agnes.taskId` names the task.
 *
 * @example
 * const api = ky.create({ prefix: base, headers: { authorization: `Bearer ${key}` }, ...agnesKy({ rpm: 20 }) });
 * const video = await agnesVideos(api, { baseURL: base }).generate({ model: 'agnes-video-2.5-flash', prompt: 'a red kite' });
 */
export function agnesVideos(instance: KyInstance, options: AgnesClientVideosOptions = {}): AgnesVideos {
  return videoTasks(
    {
      baseURL: options.baseURL ?? agnesConnection({}, 'agnesVideos').baseURL,
      send: async ({ method, url, body, headers, signal }) => {
        const init: Options = {
          method,
          ...(body !== undefined && { json: body }),
          ...(headers && { headers }),
          ...(signal && { signal }),
        };
        // A URL object, not a string: both majors apply their prefix (`prefixUrl`, `prefix`) to
        // strings only, and ky 2's `baseUrl` leaves absolute URLs alone.
        const response: Response = await instance(new URL(url), init);
        return { status: response.status, headers: response.headers, body: parse(await response.text()) };
      },
    },
    options,
  );
}
