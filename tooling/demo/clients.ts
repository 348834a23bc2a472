import { attachAgnes } from '@agnes-errors/axios';
import { type AgnesErrorInfo, type AgnesOptions, agnesFetch, getAgnesInfo } from '@agnes-errors/core';
import { agnesGot } from '@agnes-errors/got';
import { agnesKy } from '@agnes-errors/ky';
import { withAgnes } from '@agnes-errors/openai';
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import OpenAI from 'openai';

/** The five ways the demo calls Agnes: the four adapters and plain fetch. */
export type ClientName = 'fetch' | 'axios' | 'ky' | 'got' | 'openai';

/** One request, independent of the client that sends it. */
export interface DemoRequest {
  readonly method: 'GET' | 'POST';
  /** Path below the base URL, e.g. `/chat/completions`. */
  readonly path: string;
  readonly body?: Record<string, unknown>;
}

/** What the caller got. */
export interface DemoOutcome {
  readonly ok: boolean;
  /** The Agnes diagnosis of a failure. */
  readonly info: AgnesErrorInfo | undefined;
  /** The message the caller's code sees: the error's message, or a summary of the success. */
  readonly message: string;
  /** The model that answered, for chat completions. */
  readonly model: string | undefined;
}

export interface ClientSetup {
  readonly baseURL: string;
  /** The key to send, or `undefined` to send no Authorization header at all. */
  readonly apiKey: string | undefined;
  readonly options: AgnesOptions & { fallbackModels?: readonly string[] };
}

type Sender = (request: DemoRequest) => Promise<unknown>;

function senderFor(name: ClientName, { baseURL, apiKey, options }: ClientSetup): Sender {
  const authorization: Record<string, string> =
    apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
  const relative = (path: string): string => path.replace(/^\//, '');
  switch (name) {
    case 'fetch': {
      const fetcher = agnesFetch({ ...options, throwAgnesError: true });
      return async ({ method, path, body }) => {
        const response = await fetcher(`${baseURL}${path}`, {
          method,
          headers: { ...authorization, 'content-type': 'application/json' },
          ...(body && { body: JSON.stringify(body) }),
        });
        return response.json();
      };
    }
    case 'axios': {
      const api = axios.create({ baseURL, headers: authorization });
      attachAgnes(api, options);
      return async ({ method, path, body }) =>
        (await api.request({ method, url: path, ...(body && { data: body }) })).data;
    }
    case 'ky': {
      const api = ky.create({ prefix: baseURL, headers: authorization, ...agnesKy(options) });
      return ({ method, path, body }) => api(relative(path), { method, ...(body && { json: body }) }).json();
    }
    case 'got': {
      const api = got.extend({ prefixUrl: baseURL, headers: authorization }, agnesGot(options));
      return ({ method, path, body }) => api(relative(path), { method, ...(body && { json: body }) }).json();
    }
    case 'openai': {
      const client = withAgnes(
        new OpenAI({
          baseURL,
          apiKey: apiKey ?? 'sk-unused',
          ...(apiKey === undefined && { defaultHeaders: { Authorization: null } }),
        }),
        options,
      );
      return async ({ method, path, body }) => {
        if (path === '/chat/completions') return client.chat.completions.create(body as never);
        if (path === '/images/generations') return client.images.generate(body as never);
        return method === 'GET' ? client.get(path) : client.post(path, { body });
      };
    }
  }
}

/** Sends a request with one client and reports what the caller got. */
export function demoClient(
  name: ClientName,
  setup: ClientSetup,
): (request: DemoRequest) => Promise<DemoOutcome> {
  const send = senderFor(name, setup);
  return async (request) => {
    try {
      const result = (await send(request)) as { model?: unknown; object?: unknown };
      const model = typeof result?.model === 'string' ? result.model : undefined;
      return {
        ok: true,
        info: undefined,
        message: `200 OK${result?.object ? ` (${String(result.object)})` : ''}`,
        model,
      };
    } catch (error) {
      return { ok: false, info: getAgnesInfo(error), message: (error as Error).message, model: undefined };
    }
  };
}
