import type { AgnesOptions } from '@agnes-errors/core';
import axios from 'axios';
import axiosRetry from 'axios-retry';
import got from 'got';
import ky from 'ky';
import OpenAI from 'openai';
import { type ClientName, type DemoRequest, demoClient } from '../demo/clients.ts';

export const benchKey = 'sk-bench000000000000000000000';

/** One request in client-neutral form (the demo's). */
export type BenchRequest = DemoRequest;

/** A way of calling the API, ours or a peer's usual setup. */
export interface Contender {
  readonly name: string;
  readonly ours: boolean;
  /** Resolves true on success, false on a final failure; never rejects. */
  send(request: BenchRequest): Promise<boolean>;
}

function settle(promise: Promise<unknown>): Promise<boolean> {
  return promise.then(
    () => true,
    () => false,
  );
}

const headers = { authorization: `Bearer ${benchKey}` };
const relative = (path: string): string => path.replace(/^\//, '');

/** Our adapter for one client, with the given Agnes options: the demo's clients, answering yes or no. */
export function ours(client: ClientName, baseURL: string, options: AgnesOptions = {}, label = ''): Contender {
  const send = demoClient(client, { baseURL, apiKey: benchKey, options });
  return {
    name: `agnes + ${client}${label}`,
    ours: true,
    send: (request) => send(request).then((outcome) => outcome.ok),
  };
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
        settle(kyApi(relative(r.path), { method: r.method, ...(r.body && { json: r.body }) }).json()),
    },
    {
      name: 'got defaults',
      ours: false,
      send: (r) =>
        settle(gotApi(relative(r.path), { method: r.method, ...(r.body && { json: r.body }) }).json()),
    },
    {
      name: 'openai SDK defaults (maxRetries 2)',
      ours: false,
      send: (r) => settle(r.method === 'GET' ? sdk.get(r.path) : sdk.post(r.path, { body: r.body })),
    },
  ];
}

/** Each client with nothing added: the baseline for success-path overhead. */
export function bare(baseURL: string): Record<ClientName, Contender> {
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
      send: (r) => settle(kyApi(relative(r.path), { method: r.method }).json()),
    },
    got: {
      name: 'got',
      ours: false,
      send: (r) => settle(gotApi(relative(r.path), { method: r.method }).json()),
    },
    openai: { name: 'openai SDK', ours: false, send: (r) => settle(sdk.get(r.path)) },
    fetch: {
      name: 'fetch',
      ours: false,
      send: (r) =>
        settle(
          // The same headers the demo's agnesFetch client sends.
          fetch(`${baseURL}${r.path}`, {
            method: r.method,
            headers: { ...headers, 'content-type': 'application/json' },
          }).then((response) => response.json()),
        ),
    },
  };
}

export const adapters: readonly ClientName[] = ['axios', 'ky', 'got', 'openai', 'fetch'];
