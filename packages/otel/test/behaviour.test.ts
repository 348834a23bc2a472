import { agnesMiddleware } from '@agnes-errors/ai-sdk';
import { agnesFetch } from '@agnes-errors/core';
import { agnesTelemetry } from '@agnes-errors/otel';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { metrics, type Tracer, type TracerProvider, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  TracerProvider as SdkTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace';
import { generateText, wrapLanguageModel } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { clients, model } from './clients.ts';
import { disableSdk, registerSdk, type TestSdk } from './sdk.ts';

const apiKey = 'sk-oteltest0123456789abcdefXYZ';
/** The mock server listens on 127.0.0.1: an Agnes host for these tests (see the `hosts` option). */
const local = { hosts: ['127.0.0.1'] } as const;
let mock: MockAgnes;
let sdk: TestSdk | undefined;

afterEach(async () => {
  await mock?.close();
  await sdk?.shutdown();
  sdk = undefined;
});

const chat = (fetcher: typeof fetch, init: RequestInit = {}) =>
  fetcher(`${mock.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    ...init,
  });

describe('with no OpenTelemetry SDK registered', () => {
  it.each(clients.map((client) => [client.name, client] as const))(
    '%s works and records nothing anywhere',
    async (_name, client) => {
      disableSdk();
      // A provider that exists but is not registered: nothing may reach it.
      const exporter = new InMemorySpanExporter();
      const unregistered = new SdkTracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
      mock = await startMockAgnes({
        script: { [`POST /v1${client.path ?? '/chat/completions'}`]: [{ status: 503 }] },
      });
      await client.chat(
        { baseURL: mock.baseURL, apiKey },
        { baseDelayMs: 1, maxDelayMs: 2, random: () => 0.5, ...agnesTelemetry() },
      );
      expect(mock.requests).toHaveLength(2);
      expect(exporter.getFinishedSpans()).toEqual([]);
      expect(trace.getActiveSpan()).toBeUndefined();
      await unregistered.shutdown();
    },
  );
});

describe('agnesTelemetry', () => {
  it('counts 429s from the server and waits by cause', async () => {
    sdk = registerSdk();
    mock = await startMockAgnes({
      script: { 'POST /v1/chat/completions': [{ status: 429, retryAfterMs: 10 }] },
    });
    expect((await chat(agnesFetch({ ...local, ...agnesTelemetry() }))).status).toBe(200);
    const limits = await sdk.points('agnes.client.rate_limits');
    expect(limits.map((point) => [point.attributes['agnes.rate_limit.source'], point.value])).toEqual([
      ['server', 1],
    ]);
    const waits = await sdk.points('agnes.client.wait.duration');
    expect(waits.map((point) => point.attributes['agnes.wait.cause'])).toEqual(['retry_after']);
    const events = sdk.spans().find((span) => span.name === `chat ${model}`)?.events ?? [];
    expect(events.map((event) => [event.name, event.attributes?.['agnes.reason']])).toEqual([
      ['agnes.retry', 'rate_limited'],
      ['agnes.wait', 'rate_limited'],
    ]);
    expect(events[1]?.attributes).toMatchObject({ 'agnes.wait.cause': 'retry_after', 'agnes.delay_ms': 10 });
  });

  it('counts the requests pacing held back, with their waits', async () => {
    sdk = registerSdk();
    mock = await startMockAgnes();
    const fetcher = agnesFetch({ ...local, rpm: 1, rpmWindowMs: 30, rpmMarginMs: 0, ...agnesTelemetry() });
    await Promise.all([chat(fetcher), chat(fetcher)]);
    const limits = await sdk.points('agnes.client.rate_limits');
    expect(limits.map((point) => point.attributes['agnes.rate_limit.source'])).toEqual(['pacing']);
    const waits = await sdk.points('agnes.client.wait.duration');
    expect(waits.map((point) => point.attributes['agnes.wait.cause'])).toEqual(['pacing']);
    const held = sdk.spans().filter((span) => span.events.some((event) => event.name === 'agnes.wait'));
    expect(held).toHaveLength(1);
    expect(held[0]?.events[0]?.attributes).toMatchObject({
      'agnes.wait.cause': 'pacing',
      'agnes.attempt': 1,
    });
  });

  it('ends a call aborted during a wait as aborted, not as an error', async () => {
    sdk = registerSdk();
    mock = await startMockAgnes({ script: { 'POST /v1/chat/completions': [{ status: 503 }] } });
    const controller = new AbortController();
    const agnes = agnesTelemetry();
    const fetcher = agnesFetch({
      ...local,
      baseDelayMs: 10_000,
      maxDelayMs: 10_000,
      random: () => 1,
      ...agnes,
      onCallWait: (event) => {
        agnes.onCallWait(event);
        controller.abort();
      },
    });
    await expect(chat(fetcher, { signal: controller.signal })).rejects.toBeDefined();
    const call = sdk.spans().find((span) => span.name === `chat ${model}`);
    expect(call?.attributes['agnes.outcome']).toBe('aborted');
    expect(call?.status.code).not.toBe(2);
    const durations = await sdk.points('gen_ai.client.operation.duration');
    expect(durations.map((point) => point.attributes['error.type'])).toEqual(['caller_aborted']);
  });

  it('takes its providers from the options, and keeps to the call span without attempt spans', async () => {
    disableSdk();
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new SdkTracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    mock = await startMockAgnes({ script: { 'POST /v1/chat/completions': [{ status: 503 }] } });
    const events = agnesTelemetry({ tracerProvider, attemptSpans: false });
    expect((await chat(agnesFetch({ ...local, baseDelayMs: 1, random: () => 0.5, ...events }))).status).toBe(
      200,
    );
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual([`chat ${model}`]);
    await tracerProvider.shutdown();
  });

  it('never breaks a call, even when the tracer throws', async () => {
    disableSdk();
    const throwing = new Proxy({} as Tracer, {
      get: () => () => {
        throw new Error('tracer broke');
      },
    });
    const tracerProvider: TracerProvider = { getTracer: () => throwing };
    mock = await startMockAgnes({ script: { 'POST /v1/chat/completions': [{ status: 503 }] } });
    const response = await chat(
      agnesFetch({ ...local, baseDelayMs: 1, ...agnesTelemetry({ tracerProvider }) }),
    );
    expect(response.status).toBe(200);
    expect(mock.requests).toHaveLength(2);
  });

  it('bounds the calls it tracks: the oldest open call is dropped', async () => {
    sdk = registerSdk();
    const events = agnesTelemetry({ maxOpenCalls: 1 });
    const base = { operation: 'chat' as const, model, method: 'POST', serverAddress: undefined };
    const start = { ...base, serverPort: undefined, url: undefined, startedAt: Date.now() };
    events.onCallStart({ ...start, callId: 'a' });
    events.onCallStart({ ...start, callId: 'b' });
    const dropped = sdk.spans();
    expect(dropped.map((span) => span.attributes['agnes.outcome'])).toEqual(['dropped']);
    events.onCallEnd({ callId: 'b', outcome: 'success', attempts: 1, totalDelayMs: 0, elapsedMs: 1 });
    expect(sdk.spans()).toHaveLength(2);
    expect(metrics.getMeterProvider()).toBe(sdk.meterProvider);
  });

  it('names the model of the AI SDK middleware, which sees model calls and not requests', async () => {
    sdk = registerSdk();
    mock = await startMockAgnes({ script: { 'POST /v1/chat/completions': [{ status: 503 }] } });
    const provider = createOpenAICompatible({ name: 'mine', baseURL: mock.baseURL, apiKey });
    const wrapped = wrapLanguageModel({
      model: provider(model) as never,
      middleware: agnesMiddleware({ baseDelayMs: 1, random: () => 0.5, ...agnesTelemetry() }) as never,
    });
    await generateText({ model: wrapped, prompt: 'hi', maxRetries: 0 });
    const call = sdk.spans().find((span) => span.name === `chat ${model}`);
    expect(call?.attributes).toMatchObject({ 'gen_ai.request.model': model, 'agnes.attempts': 2 });
    expect(call?.attributes['server.address']).toBeUndefined();
  });

  it('rejects a maxOpenCalls that makes no sense, naming it', () => {
    expect(() => agnesTelemetry({ maxOpenCalls: 0 })).toThrow(/maxOpenCalls.*0/);
    expect(() => agnesTelemetry({ maxOpenCalls: Number.NaN })).toThrow(TypeError);
  });

  it('reports the concurrency limit of maxConcurrency auto as a gauge, and its changes by why', async () => {
    sdk = registerSdk();
    const events = agnesTelemetry();
    events.onConcurrencyChange({ from: Number.POSITIVE_INFINITY, to: 12, why: 'overload' });
    events.onConcurrencyChange({ from: 12, to: 9, why: 'latency' });
    const limits = await sdk.points('agnes.client.concurrency.limit');
    expect(limits.map((point) => point.value)).toEqual([9]);
    const changes = await sdk.points('agnes.client.concurrency.changes');
    expect(changes.map((point) => [point.attributes['agnes.concurrency.why'], point.value])).toEqual([
      ['overload', 1],
      ['latency', 1],
    ]);
  });

  it('records into an SDK registered after agnesTelemetry() was called', async () => {
    disableSdk();
    const events = agnesTelemetry();
    const fetcher = agnesFetch({ ...local, ...events });
    sdk = registerSdk(false);
    mock = await startMockAgnes();
    expect((await chat(fetcher)).status).toBe(200);
    expect(sdk.spans().map((span) => span.name)).toContain(`chat ${model}`);
    expect(await sdk.points('gen_ai.client.operation.duration')).toHaveLength(1);
  });
});
