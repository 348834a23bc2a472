import type { AgnesClientVideosOptions, AgnesVideos } from '@agnes-errors/core';
import { agnesConnection, keyDigest, videoTasks } from '@agnes-errors/core/adapter-kit';
import type { Got, Response as GotResponse, OptionsInit } from 'got';

/**
 * `url` as got's input under `prefix` (got joins the two, and the URL parser resolves `..`), or
 * `undefined` when it lies on another origin.
 */
function relativeTo(prefix: string, url: string): string | undefined {
  const base = new URL(prefix.endsWith('/') ? prefix : `${prefix}/`);
  const target = new URL(url);
  if (base.origin !== target.origin) return undefined;
  if (target.pathname.startsWith(base.pathname))
    return target.pathname.slice(base.pathname.length) + target.search;
  const depth = base.pathname.split('/').filter(Boolean).length;
  return '../'.repeat(depth) + target.pathname.slice(1) + target.search;
}

/**
 * Long-running video tasks (`create`, `wait`, `generate`) sent through a got instance: its
 * headers, hooks, and (extended with `agnesGot`) our retries and pacing apply to every create and
 * poll. The base URL is the instance's `prefixUrl` (or `options.baseURL`); requests go to absolute
 * URLs. Failures of a request are got's `RequestError`s with `error.agnes`; a failed task or a
 * wait's deadline is an `AgnesError` whose `agnes.taskId` names the task.
 *
 * @example
 * const api = got.extend({ prefixUrl: 'https://apihub.agnes-ai.com/v1', headers: { authorization: `Bearer ${key}` } }, agnesGot({ rpm: 20 }));
 * const video = await agnesVideos(api).generate({ model: 'agnes-video-2.5-flash', prompt: 'a red kite' });
 */
export function agnesVideos(instance: Got, options: AgnesClientVideosOptions = {}): AgnesVideos {
  const defaults = instance.defaults.options;
  const prefix =
    typeof defaults.prefixUrl === 'string' && defaults.prefixUrl !== '' ? defaults.prefixUrl : undefined;
  return videoTasks(
    {
      baseURL: options.baseURL ?? prefix ?? agnesConnection({}, 'agnesVideos').baseURL,
      keyDigest: () => {
        const authorization = defaults.headers.authorization;
        return typeof authorization === 'string' ? keyDigest(authorization) : undefined;
      },
      send: async ({ method, url, body, headers, signal }) => {
        // Relative to the instance's prefix (`../agnesapi?...` for the site root): the request keeps
        // its prefix, and with it its place in the adapter's scope.
        const relative = prefix === undefined ? undefined : relativeTo(prefix, url);
        const init: OptionsInit = {
          method,
          ...(relative === undefined && { prefixUrl: '' }),
          responseType: 'text',
          ...(body !== undefined && { json: body }),
          ...(headers && { headers }),
          ...(signal && { signal }),
        };
        const response = (await instance(relative ?? url, init)) as GotResponse<string>;
        const text = String(response.body);
        let parsed: unknown;
        try {
          parsed = text === '' ? undefined : JSON.parse(text);
        } catch {
          parsed = text;
        }
        return {
          status: response.statusCode,
          headers: response.headers as Record<string, string>,
          body: parsed,
        };
      },
    },
    options,
  );
}
