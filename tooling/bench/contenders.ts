import { attachAgnes } from '@agnes-errors/axios';
import { type AgnesOptions, agnesFetch } from '@agnes-errors/core';
import { agnesGot } from '@agnes-errors/got';
import { agnesKy } from '@agnes-errors/ky';
import { withAgnes } from '@agnes-errors/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { ChatOpenAI } from '@langchain/openai';
import axios from 'axios';
import axiosRetry from 'axios-retry';
import got from 'got';
import ky from 'ky';
import OpenAI from 'openai';
import {
  type AiSdkProvider,
  type ClientName,
  type DemoRequest,
  demoClient,
  type LangChainChatModel,
  sendThroughAiSdk,
  sendThroughLangChain,
} from '../demo/clients.ts';

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
    {
      name: 'AI SDK defaults (openai-compatible, maxRetries 2)',
      ours: false,
      send: (r) => settle(sendThroughAiSdk(aiSdkDefaults, baseURL, r)),
    },
    {
      name: 'LangChain defaults (ChatOpenAI, maxRetries 6)',
      ours: false,
      send: (r) => settle(sendThroughLangChain(langChainDefaults(), baseURL, r)),
    },
  ];
}

/** LangChain's ChatOpenAI pointed at an OpenAI-compatible API, as its docs show: one per base URL and model. */
function langChainDefaults(): (baseURL: string, model: string) => LangChainChatModel {
  const models = new Map<string, ChatOpenAI>();
  return (baseURL, model) => {
    const known =
      models.get(`${baseURL} ${model}`) ??
      new ChatOpenAI({ model, apiKey: benchKey, configuration: { baseURL } });
    models.set(`${baseURL} ${model}`, known);
    return known as unknown as LangChainChatModel;
  };
}

/** The AI SDK as its docs set up an OpenAI-compatible provider, with nothing of ours. */
const aiSdkDefaults = (baseURL: string): AiSdkProvider =>
  createOpenAICompatible({ name: 'agnes', baseURL, apiKey: benchKey }) as unknown as AiSdkProvider;

/** Whether a contender can send a request at all (the AI SDK reaches chat and images, LangChain chat). */
export function reaches(contender: Contender, request: BenchRequest): boolean {
  if (/LangChain|langchain/.test(contender.name)) return request.path.endsWith('/chat/completions');
  if (/AI SDK|ai-sdk/.test(contender.name))
    return /\/(chat\/completions|images\/generations)$/.test(request.path);
  return true;
}

/**
 * Each client called the same way, bare or with our adapter installed (`agnes` given): the pairs of
 * the success-path overhead, which differ in nothing but the adapter.
 */
export function direct(baseURL: string, agnes?: AgnesOptions): Record<HttpClient, Contender> {
  const label = (client: string): string => (agnes ? `agnes + ${client}` : client);
  const axiosApi = axios.create({ baseURL, headers });
  if (agnes) attachAgnes(axiosApi, agnes);
  const kyApi = ky.create({ prefix: baseURL, headers, ...(agnes && agnesKy(agnes)) });
  const gotApi = agnes
    ? got.extend({ prefixUrl: baseURL, headers }, agnesGot(agnes))
    : got.extend({ prefixUrl: baseURL, headers });
  const plainSdk = new OpenAI({ baseURL, apiKey: benchKey });
  const sdk = agnes ? withAgnes(plainSdk, agnes) : plainSdk;
  const fetcher: typeof fetch = agnes ? agnesFetch({ ...agnes, baseURL }) : globalThis.fetch;
  const ours = agnes !== undefined;
  return {
    axios: {
      name: label('axios'),
      ours,
      send: (r) => settle(axiosApi.request({ method: r.method, url: r.path })),
    },
    ky: {
      name: label('ky'),
      ours,
      send: (r) => settle(kyApi(relative(r.path), { method: r.method }).json()),
    },
    got: {
      name: label('got'),
      ours,
      send: (r) => settle(gotApi(relative(r.path), { method: r.method }).json()),
    },
    openai: { name: label('openai SDK'), ours, send: (r) => settle(sdk.get(r.path)) },
    fetch: {
      name: label('fetch'),
      ours,
      send: (r) =>
        settle(
          fetcher(`${baseURL}${r.path}`, { method: r.method, headers }).then((response) => response.json()),
        ),
    },
  };
}

/** The HTTP clients: every request, and the success-path overhead pairs. */
export type HttpClient = Exclude<ClientName, 'ai-sdk' | 'langchain' | 'anthropic'>;
export const httpClients: readonly HttpClient[] = ['axios', 'ky', 'got', 'openai', 'fetch'];
/** Every way of ours, in the retry-effectiveness reports. */
export const adapters: readonly ClientName[] = [...httpClients, 'ai-sdk', 'langchain'];
