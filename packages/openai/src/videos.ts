import type { AgnesClientVideosOptions, AgnesVideos } from '@agnes-errors/core';
import { keyDigest, videoTasks } from '@agnes-errors/core/adapter-kit';

/** The request options the OpenAI SDK's `get` and `post` take (v4 to v7). */
interface SdkRequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The parts of an OpenAI SDK client (v4 to v7) that `agnesVideos` uses. */
export interface OpenAIClientLike {
  readonly baseURL: string;
  readonly apiKey?: string | null | undefined;
  get(
    path: string,
    options?: SdkRequestOptions,
  ): PromiseLike<unknown> & { withResponse(): Promise<SdkAnswer> };
  post(
    path: string,
    options?: SdkRequestOptions,
  ): PromiseLike<unknown> & { withResponse(): Promise<SdkAnswer> };
}

interface SdkAnswer {
  readonly data: unknown;
  readonly response: Response;
}

/**
 * Long-running video tasks (`create`, `wait`, `generate`) sent through an OpenAI SDK client: its
 * key, base URL, default headers, and (after `withAgnes`) our retries and pacing apply to every
 * create and poll. Failures of a request are the SDK's `APIError`s with `error.agnes`; a failed
 * task or a wait's deadline is an `AgnesError` whose `agnes.taskId` names the task.
 *
 * @example
 * const client = withAgnes(new OpenAI({ baseURL: 'https://apihub.agnes-ai.com/v1', apiKey }), { rpm: 20 });
 * const video = await agnesVideos(client).generate({ model: 'agnes-video-2.5-flash', prompt: 'a red kite' });
 */
export function agnesVideos(client: OpenAIClientLike, options: AgnesClientVideosOptions = {}): AgnesVideos {
  return videoTasks(
    {
      baseURL: options.baseURL ?? client.baseURL,
      keyDigest: () => (typeof client.apiKey === 'string' ? keyDigest(client.apiKey) : undefined),
      send: async ({ method, url, body, headers, signal }) => {
        const requestOptions: SdkRequestOptions = {
          ...(body !== undefined && { body }),
          ...(headers && { headers }),
          ...(signal && { signal }),
        };
        // An absolute URL: the SDK sends it as it is (the status route lies outside the base URL).
        const { data, response } = await (method === 'GET'
          ? client.get(url, requestOptions)
          : client.post(url, requestOptions)
        ).withResponse();
        return { status: response.status, headers: response.headers, body: data };
      },
    },
    options,
  );
}
