import { createAgnes } from '@agnes-errors/ai-sdk';
import { withAgnes as withAgnesAnthropic } from '@agnes-errors/anthropic';
import { attachAgnes } from '@agnes-errors/axios';
import { type AgnesErrorInfo, type AgnesOptions, agnesFetch, getAgnesInfo } from '@agnes-errors/core';
import { agnesGot } from '@agnes-errors/got';
import { agnesKy } from '@agnes-errors/ky';
import { ChatAgnes } from '@agnes-errors/langchain';
import { withAgnes } from '@agnes-errors/openai';
import Anthropic from '@anthropic-ai/sdk';
import { generateImage, generateText } from 'ai';
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import OpenAI from 'openai';

/** The ways the demo calls Agnes: the adapters, the AI SDK provider, ChatAgnes and plain fetch. */
export type ClientName = 'fetch' | 'axios' | 'ky' | 'got' | 'openai' | 'anthropic' | 'ai-sdk' | 'langchain';

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

/** What the AI SDK needs of a provider: a chat model and an image model by id. */
export interface AiSdkProvider {
  (modelId: string): unknown;
  imageModel(modelId: string): unknown;
}

/**
 * A request as AI SDK code makes it: chat through `generateText`, images through `generateImage`, a
 * path prefix (`/v1/chat/completions`) as part of the base URL. The AI SDK has no call for other
 * endpoints (models, videos).
 */
export async function sendThroughAiSdk(
  providerFor: (baseURL: string) => AiSdkProvider,
  baseURL: string,
  { path, body }: DemoRequest,
): Promise<unknown> {
  const [, prefix = '', endpoint] = /^(.*?)(\/chat\/completions|\/images\/generations)$/.exec(path) ?? [];
  if (!endpoint) throw new TypeError(`the AI SDK has no call for ${path}`);
  const provider = providerFor(`${baseURL}${prefix}`);
  const fields = body as {
    model: string;
    messages?: { role: 'user'; content: string }[];
    prompt?: string;
    size?: string;
  };
  if (endpoint === '/images/generations') {
    await generateImage({
      model: provider.imageModel(fields.model) as never,
      prompt: fields.prompt ?? '',
      ...(fields.size && { size: fields.size as `${number}x${number}` }),
    });
    return { object: 'image' };
  }
  const result = await generateText({
    model: provider(fields.model) as never,
    messages: fields.messages ?? [],
  });
  return { model: result.response.modelId, object: 'chat.completion' };
}

/** What LangChain needs of a chat model: `invoke` with messages. */
export interface LangChainChatModel {
  invoke(messages: [string, string][]): Promise<{ response_metadata?: Record<string, unknown> }>;
}

/** A chat request as LangChain code makes it (`model.invoke`); a chat model reaches nothing else. */
export async function sendThroughLangChain(
  modelFor: (baseURL: string, modelId: string) => LangChainChatModel,
  baseURL: string,
  { path, body }: DemoRequest,
): Promise<unknown> {
  const [, prefix = ''] = /^(.*?)\/chat\/completions$/.exec(path) ?? [];
  if (!path.endsWith('/chat/completions'))
    throw new TypeError(`a LangChain chat model has no call for ${path}`);
  const fields = body as { model: string; messages?: { role: 'user'; content: string }[] };
  const answer = await modelFor(`${baseURL}${prefix}`, fields.model).invoke(
    (fields.messages ?? []).map((message): [string, string] => [message.role, message.content]),
  );
  return { model: answer.response_metadata?.model_name, object: 'chat.completion' };
}

function senderFor(name: ClientName, { baseURL, apiKey, options }: ClientSetup): Sender {
  const authorization: Record<string, string> =
    apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
  const relative = (path: string): string => path.replace(/^\//, '');
  switch (name) {
    case 'fetch': {
      const fetcher = agnesFetch({ ...options, baseURL, throwAgnesError: true });
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
    case 'anthropic': {
      // The Anthropic SDK adds /v1 itself, and speaks only the Messages API.
      const client = withAgnesAnthropic(
        new Anthropic({ baseURL: baseURL.replace(/\/v1$/, ''), apiKey: apiKey ?? null, authToken: null }),
        options,
      );
      return async ({ path, body }) => {
        if (path !== '/messages')
          throw new TypeError(`the Anthropic SDK demo sends only /messages, not ${path}`);
        return client.messages.create(body as never);
      };
    }
    case 'ai-sdk': {
      // One provider per base URL: its calls share one limiter, as an application's would.
      const providers = new Map<string, AiSdkProvider>();
      const provider = (url: string): AiSdkProvider => {
        const known =
          providers.get(url) ??
          createAgnes({ baseURL: url, ...(apiKey !== undefined && { apiKey }), ...options });
        providers.set(url, known);
        return known;
      };
      return (request) => sendThroughAiSdk(provider, baseURL, request);
    }
    case 'langchain': {
      // One model per base URL and model id: its calls share one limiter, as an application's would.
      const models = new Map<string, ChatAgnes>();
      const modelFor = (url: string, model: string): ChatAgnes => {
        const known =
          models.get(`${url} ${model}`) ??
          new ChatAgnes({ baseURL: url, model, ...(apiKey !== undefined && { apiKey }), ...options });
        models.set(`${url} ${model}`, known);
        return known;
      };
      return (request) => sendThroughLangChain(modelFor, baseURL, request);
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
