import { AgnesError } from '../errors/agnes-error.ts';
import { getAgnesInfo } from '../errors/get-info.ts';
import { digest } from '../tasks/fingerprint.ts';
import { type AgnesVideos, type AgnesVideosOptions, type TaskAnswer, videoTasks } from '../tasks/videos.ts';
import { type AgnesFetch, type AgnesFetchOptions, agnesFetch } from './agnes-fetch.ts';
import { agnesConnection, type ConnectionSettings } from './connection.ts';

/** Options of the fetch flavour of `agnesVideos`. */
export interface AgnesVideosFetchOptions
  extends Omit<AgnesFetchOptions, 'baseURL'>,
    AgnesVideosOptions,
    ConnectionSettings {
  /**
   * The fetch to send with: an `agnesFetch` is used as it is (its pacing and retries); any other
   * fetch is wrapped in one built from these options.
   * @default globalThis.fetch, wrapped in agnesFetch
   */
  readonly fetch?: typeof fetch | AgnesFetch;
}

function isAgnesFetch(value: unknown): value is AgnesFetch {
  return typeof value === 'function' && typeof (value as Partial<AgnesFetch>).controller === 'object';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Long-running video tasks over `fetch`: `create`, `wait` and `generate`, sent with Agnes pacing,
 * retries and diagnoses (an `agnesFetch`), the key as a Bearer token. A final HTTP failure rejects
 * with an `AgnesError`.
 *
 * @example
 * ```ts
 * const videos = agnesVideos({ apiKey: process.env.AGNES_API_KEY });
 * const video = await videos.generate({ model: 'agnes-video-2.5-flash', prompt: 'a red kite over the sea' });
 * console.log(video.url);
 * ```
 */
export function agnesVideos(options: AgnesVideosFetchOptions = {}): AgnesVideos {
  const connection = agnesConnection(options, 'agnesVideos');
  // The base URL's origin is in the fetch's scope: its creates and polls are Agnes calls.
  const send = isAgnesFetch(options.fetch)
    ? options.fetch
    : agnesFetch({ ...options, baseURL: connection.baseURL, ...(options.fetch && { fetch: options.fetch }) });
  return videoTasks(
    {
      baseURL: connection.baseURL,
      keyDigest: () => digest(connection.apiKey()),
      send: async (request): Promise<TaskAnswer> => {
        const headers: Record<string, string> = {
          authorization: `Bearer ${connection.apiKey()}`,
          accept: 'application/json',
          ...request.headers,
        };
        if (request.body !== undefined) headers['content-type'] = 'application/json';
        const response = await send(request.url, {
          method: request.method,
          headers,
          ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
          ...(request.signal && { signal: request.signal }),
        });
        if (!response.ok) {
          // agnesFetch answers a final HTTP failure with the response, its diagnosis attached.
          const info = getAgnesInfo(response);
          if (info) throw new AgnesError(info, { cause: response });
          throw new TypeError(`agnesVideos: ${request.method} answered ${response.status}.`);
        }
        return { status: response.status, headers: response.headers, body: await readJson(response) };
      },
    },
    options,
  );
}
