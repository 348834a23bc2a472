import { attachAgnes } from '@agnes-errors/axios';
import { type AgnesOptions, agnesFetch } from '@agnes-errors/core';
import { agnesGot } from '@agnes-errors/got';
import { agnesKy } from '@agnes-errors/ky';
import { withAgnes } from '@agnes-errors/openai';
import axios from 'axios';
import axiosRetry from 'axios-retry';
import got from 'got';
import ky from 'ky';
import OpenAI from 'openai';

export const benchKey = 'sk-bench000000000000000000000';

/** One request in client-neutral form. */
export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  /** Below the base URL, e.g. `/chat/completions`. */
  readonly path: string;
  readonly body?: Record<string, unknown>;
}

/** A way of calling the API, ours or a peer's usual setup. */
export interface Contender {
  readonly name: string;
  readonly ours: boolean;
  /** Resolves true on success, false on a final failure; never rejects. */
  send(request: BenchRequest): Promise<boolean>;
}

type Client = 'axios' | 'ky' | 'got' | 'openai' | 'fetch';

function settle(promise: Promise<unknown>): Promise<boolean> {
  return promise.then(
    () => true,
    () => false,
  );
}

const headers = { authorization: `Bearer ${benchKey}` };
const relative = (path: string): string => path.replace(/^\//, '');

/** Our adapter for one client, with the given Agnes options. */
export function ours(client: Client, baseURL: string, options: AgnesOptions = {}, label = ''): Contender {
  const name = `agnes + ${client}${label}`;
  switch (client) {
    case 'axios': {
      const api = axios.create({ baseURL, headers });
      attachAgnes(api, options);
      return {
        name,
        ours: true,
        send: (r) => settle(api.request({ method: r.method, url: r.path, ...(r.body && { data: r.body }) })),
      };
    }
    case 'ky': {
      const api = ky.create({ prefix: baseURL, headers, ...agnesKy(options) });
      return {
        name,
        ours: true,
        send: (r) =>
          settle(api(relative(r.path), { method: r.method, ...(r.body && { json: r.body }) }).text()),
      };
    }
    case 'got': {
      const api = got.extend({ prefixUrl: baseURL, headers }, agnesGot(options));
      return {
        name,
        ours: true,
        send: (r) =>
          settle(api(relative(r.path), { method: r.method, ...(r.body && { json: r.body }) }).text()),
      };
    }
    case 'openai': {
      const client_ = withAgnes(new OpenAI({ baseURL, apiKey: benchKey }), options);
      return {
        name,
        ours: true,
        send: (r) =>
          settle(r.method === 'GET' ? client_.get(r.path) : client_.post(r.path, { body: r.body })),
      };
    }
    case 'fetch': {
      const fetcher = agnesFetch({ ...options, throwAgnesError: true });
      return {
        name,
        ours: true,
        send: (r) =>
          settle(
            fetcher(`${baseURL}${r.path}`, {
              method: r.method,
              headers: { ...headers, 'content-type': 'application/json' },
              ...(r.body && { body: JSON.stringify(r.body) }),
            }).then((response) => response.text()),
          ),
      };
    }
  }
}

/** The peers as users run them: each client's defaults, and axios with axios-retry's recommended setup. */
export function peers(baseURL: string): Contender[] {
  const withRetry = axios.create({ baseURL, headers });
  axiosRetry(withRetry, { retries: 3, retryDelay: axiosRetry.exponentialDelay });
  const kyApi = ky.create({ prefix: baseURL, headers });
  const gotApi = got.extend({ prefixUrl: baseURL, headers });
  const sdk = new OpenAI({ baseURL, apiKey: benchKey });
  return [
    {
      name: 'axios + axios-retry (exponential)',
      ours: false,
      send: (r) =>
        settle(withRetry.request({ method: r.method, url: r.path, ...(r.body && { data: r.body }) })),
    },
    {
      name: 'ky defaults',
      ours: false,
      send: (r) =>
        settle(kyApi(relative(r.path), { method: r.method, ...(r.body && { json: r.body }) }).text()),
    },
    {
      name: 'got defaults',
      ours: false,
      send: (r) =>
        settle(gotApi(relative(r.path), { method: r.method, ...(r.body && { json: r.body }) }).text()),
    },
    {
      name: 'openai SDK defaults (maxRetries 2)',
      ours: false,
      send: (r) => settle(r.method === 'GET' ? sdk.get(r.path) : sdk.post(r.path, { body: r.body })),
    },
  ];
}

/** Each client with nothing added: the baseline for success-path overhead. */
export function bare(baseURL: string): Record<Client, Contender> {
  const axiosApi = axios.create({ baseURL, headers });
  const kyApi = ky.create({ prefix: baseURL, headers });
  const gotApi = got.extend({ prefixUrl: baseURL, headers });
  const sdk = new OpenAI({ baseURL, apiKey: benchKey });
  return {
    axios: {
      name: 'axios',
      ours: false,
      send: (r) => settle(axiosApi.request({ method: r.method, url: r.path })),
    },
    ky: {
      name: 'ky',
      ours: false,
      send: (r) => settle(kyApi(relative(r.path), { method: r.method }).text()),
    },
    got: {
      name: 'got',
      ours: false,
      send: (r) => settle(gotApi(relative(r.path), { method: r.method }).text()),
    },
    openai: { name: 'openai SDK', ours: false, send: (r) => settle(sdk.get(r.path)) },
    fetch: {
      name: 'fetch',
      ours: false,
      send: (r) =>
        settle(
          fetch(`${baseURL}${r.path}`, { method: r.method, headers }).then((response) => response.text()),
        ),
    },
  };
}

export const adapters: readonly Client[] = ['axios', 'ky', 'got', 'openai', 'fetch'];
