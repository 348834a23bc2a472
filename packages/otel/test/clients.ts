import { createAgnes } from '@agnes-errors/ai-sdk';
import { withAgnes as withAgnesAnthropic } from '@agnes-errors/anthropic';
import { attachAgnes } from '@agnes-errors/axios';
import type { AgnesOptions } from '@agnes-errors/core';
import { agnesFetch } from '@agnes-errors/core';
import { agnesGot } from '@agnes-errors/got';
import { agnesKy } from '@agnes-errors/ky';
import { ChatAgnes } from '@agnes-errors/langchain';
import { withAgnes } from '@agnes-errors/openai';
import { OpenTelemetry } from '@ai-sdk/otel';
import Anthropic from '@anthropic-ai/sdk';
import { generateText } from 'ai';
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import OpenAI from 'openai';

export const model = 'agnes-2.5-flash';
/** Text that must never reach a span, an event or a metric. */
export const prompt = 'PROMPT-TEXT-the-board-meeting-minutes';

/** Where a client sends, and with which key. */
export interface Target {
  readonly baseURL: string;
  readonly apiKey: string;
}

/** One client with its Agnes adapter, sending one chat completion; rejects when it fails. */
export interface ClientDriver {
  readonly name: string;
  /** The span the client itself makes around our call (its own telemetry), when it makes one. */
  readonly frameworkSpan?: string;
  /** The path it posts to, under /v1. @default '/chat/completions' */
  readonly path?: string;
  /** `signal` aborts the call (the caller's abort). */
  chat(target: Target, options: AgnesOptions, signal?: AbortSignal): Promise<unknown>;
}

const messages = [{ role: 'user' as const, content: prompt }];

export const clients: readonly ClientDriver[] = [
  {
    name: 'fetch',
    async chat({ baseURL, apiKey }, options, signal) {
      // The mock listens on 127.0.0.1: an Agnes host for these tests (`hosts`).
      const response = await agnesFetch({ hosts: ['127.0.0.1'], ...options })(`${baseURL}/chat/completions`, {
        method: 'POST',
        signal: signal ?? null,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages }),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      return response.json();
    },
  },
  {
    name: 'axios',
    async chat({ baseURL, apiKey }, options, signal) {
      const api = axios.create({ baseURL, headers: { Authorization: `Bearer ${apiKey}` } });
      attachAgnes(api, options);
      return (await api.post('/chat/completions', { model, messages }, signal ? { signal } : {})).data;
    },
  },
  {
    name: 'ky',
    async chat({ baseURL, apiKey }, options, signal) {
      const api = ky.create({
        prefix: baseURL,
        headers: { authorization: `Bearer ${apiKey}` },
        ...agnesKy(options),
      });
      return api.post('chat/completions', { json: { model, messages }, ...(signal && { signal }) }).json();
    },
  },
  {
    name: 'got',
    async chat({ baseURL, apiKey }, options, signal) {
      const api = got.extend(
        { prefixUrl: baseURL, headers: { authorization: `Bearer ${apiKey}` } },
        agnesGot(options),
      );
      return api.post('chat/completions', { json: { model, messages }, ...(signal && { signal }) }).json();
    },
  },
  {
    name: 'openai',
    async chat({ baseURL, apiKey }, options, signal) {
      const client = withAgnes(new OpenAI({ baseURL, apiKey }), options);
      return client.chat.completions.create({ model, messages }, signal ? { signal } : {});
    },
  },
  {
    name: 'anthropic',
    // The Anthropic SDK traces its own requests whenever an SDK is registered.
    frameworkSpan: 'anthropic.messages.create',
    path: '/messages',
    async chat({ baseURL, apiKey }, options, signal) {
      const client = withAgnesAnthropic(
        new Anthropic({ baseURL: baseURL.replace(/\/v1\/?$/, ''), apiKey }),
        options,
      );
      return client.messages.create({ model, max_tokens: 64, messages }, signal ? { signal } : {});
    },
  },
  {
    name: 'ai-sdk',
    frameworkSpan: `chat ${model}`,
    async chat({ baseURL, apiKey }, options, signal) {
      const agnes = createAgnes({ baseURL, apiKey, ...options });
      return generateText({
        model: agnes(model),
        prompt,
        ...(signal && { abortSignal: signal }),
        // The AI SDK's own telemetry, through its OpenTelemetry integration: our spans nest under its.
        experimental_telemetry: { isEnabled: true, integrations: [new OpenTelemetry()] },
      });
    },
  },
  {
    name: 'langchain',
    async chat({ baseURL, apiKey }, options, signal) {
      return new ChatAgnes({ baseURL, apiKey, model, ...options }).invoke(prompt, signal ? { signal } : {});
    },
  },
];
