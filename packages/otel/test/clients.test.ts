import { agnesTelemetry } from '@agnes-errors/otel';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientDriver, clients, model, prompt } from './clients.ts';
import { idOf, parentOf, registerSdk, type TestSdk } from './sdk.ts';

const apiKey = 'sk-oteltest0123456789abcdefXYZ';
// A fixed jitter: a full-jitter backoff may otherwise draw 0 ms, which is no wait at all.
const fast = { baseDelayMs: 5, maxDelayMs: 20, random: () => 0.5 };
let mock: MockAgnes;
let sdk: TestSdk;

beforeEach(() => {
  sdk = registerSdk();
});
afterEach(async () => {
  await mock?.close();
});
afterAll(async () => {
  await sdk?.shutdown();
});

const ours = (spans: ReadableSpan[]) =>
  spans.filter((span) => span.instrumentationScope.name === '@agnes-errors/otel');

/** Runs the client inside a caller's active span; answers the caller span's id. */
async function asCaller(send: () => Promise<unknown>): Promise<{ callerId: string; error: unknown }> {
  const tracer = trace.getTracer('test-caller');
  return tracer.startActiveSpan('caller', async (span) => {
    let error: unknown;
    try {
      await send();
    } catch (caught) {
      error = caught;
    }
    span.end();
    return { callerId: span.spanContext().spanId, error };
  });
}

/** Whether `ancestorId` is above `span` in its trace. */
function descendsFrom(span: ReadableSpan, ancestorId: string, all: ReadableSpan[]): boolean {
  const byId = new Map(all.map((each) => [idOf(each), each]));
  let parent = parentOf(span);
  while (parent !== undefined) {
    if (parent === ancestorId) return true;
    parent = byId.get(parent) ? parentOf(byId.get(parent) as ReadableSpan) : undefined;
  }
  return false;
}

describe.each(clients.map((client) => [client.name, client] as const))(
  '%s',
  (_name, client: ClientDriver) => {
    it('makes one CLIENT span per call, under the caller, with one child span per attempt', async () => {
      mock = await startMockAgnes({
        script: { [`POST /v1${client.path ?? '/chat/completions'}`]: [{ status: 503 }] },
      });
      const { callerId, error } = await asCaller(() =>
        client.chat({ baseURL: mock.baseURL, apiKey }, { ...fast, ...agnesTelemetry() }),
      );
      expect(error).toBeUndefined();
      expect(mock.requests).toHaveLength(2);

      const all = sdk.spans();
      const calls = ours(all).filter((span) => span.name === `chat ${model}`);
      expect(calls).toHaveLength(1);
      const call = calls[0] as ReadableSpan;
      expect(call.kind).toBe(SpanKind.CLIENT);
      expect(call.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'agnes',
        'gen_ai.request.model': model,
        'server.address': '127.0.0.1',
        'server.port': mock.port,
        'agnes.attempts': 2,
      });
      expect(call.attributes['error.type']).toBeUndefined();
      expect(call.status.code).not.toBe(SpanStatusCode.ERROR);
      if (client.frameworkSpan) {
        // The client's own span (the AI SDK's model call, the Anthropic SDK's request) is our
        // parent, and the caller is above both.
        const parent = all.find((span) => idOf(span) === parentOf(call));
        expect(parent?.instrumentationScope.name).not.toBe('@agnes-errors/otel');
        expect(parent?.name).toBe(client.frameworkSpan);
        expect(descendsFrom(call, callerId, all)).toBe(true);
      } else expect(parentOf(call)).toBe(callerId);

      const attempts = ours(all)
        .filter((span) => parentOf(span) === idOf(call))
        .sort((a, b) => Number(a.attributes['agnes.attempt']) - Number(b.attributes['agnes.attempt']));
      expect(attempts.map((span) => span.attributes['agnes.attempt'])).toEqual([1, 2]);
      expect(attempts[0]?.attributes).toMatchObject({
        'http.request.method': 'POST',
        'http.response.status_code': 503,
        'error.type': 'service_unavailable',
        'url.full': `${mock.baseURL}${client.path ?? '/chat/completions'}`,
      });
      expect(attempts[0]?.attributes['http.request.resend_count']).toBeUndefined();
      expect(attempts[0]?.status.code).toBe(SpanStatusCode.ERROR);
      expect(attempts[1]?.attributes['http.request.resend_count']).toBe(1);
      expect(attempts[1]?.status.code).not.toBe(SpanStatusCode.ERROR);

      const events = call.events.map((event) => [event.name, event.attributes]);
      expect(events).toEqual([
        [
          'agnes.retry',
          expect.objectContaining({
            'agnes.reason': 'service_unavailable',
            'http.response.status_code': 503,
          }),
        ],
        ['agnes.wait', expect.objectContaining({ 'agnes.wait.cause': 'backoff', 'agnes.attempt': 2 })],
      ]);

      const durations = await sdk.points('gen_ai.client.operation.duration');
      expect(durations).toHaveLength(1);
      expect(durations[0]?.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': model,
      });
      expect(durations[0]?.attributes['error.type']).toBeUndefined();
      const retries = await sdk.points('agnes.client.retries');
      expect(retries.map((point) => [point.attributes['agnes.reason'], point.value])).toEqual([
        ['service_unavailable', 1],
      ]);
    });

    it('ends a failed call with error.type, the reason, the stop, attempts and delays', async () => {
      mock = await startMockAgnes({
        script: { [`POST /v1${client.path ?? '/chat/completions'}`]: [{ status: 402 }] },
      });
      const { error } = await asCaller(() =>
        client.chat({ baseURL: mock.baseURL, apiKey }, { ...fast, ...agnesTelemetry() }),
      );
      expect(error).toBeDefined();
      expect(mock.requests).toHaveLength(1);
      const call = ours(sdk.spans()).find((span) => span.name === `chat ${model}`);
      expect(call?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'insufficient_quota' });
      expect(call?.attributes).toMatchObject({
        'error.type': 'insufficient_quota',
        'agnes.reason': 'insufficient_quota',
        'agnes.stop': 'final',
        'agnes.attempts': 1,
        'agnes.total_delay_ms': 0,
      });
      const giveUps = await sdk.points('agnes.client.give_ups');
      expect(
        giveUps.map((point) => [point.attributes['agnes.reason'], point.attributes['agnes.stop']]),
      ).toEqual([['insufficient_quota', 'final']]);
      const durations = await sdk.points('gen_ai.client.operation.duration');
      expect(durations.map((point) => point.attributes['error.type'])).toEqual(['insufficient_quota']);
    });

    it('never records the key or the prompt in a span, an event or a metric', async () => {
      mock = await startMockAgnes({
        script: { [`POST /v1${client.path ?? '/chat/completions'}`]: [{ status: 503 }, { status: 401 }] },
      });
      await asCaller(() =>
        client.chat({ baseURL: `${mock.baseURL}`, apiKey }, { ...fast, ...agnesTelemetry() }),
      );
      const recorded = ours(sdk.spans()).map((span) => ({
        name: span.name,
        attributes: span.attributes,
        status: span.status,
        events: span.events.map((event) => [event.name, event.attributes]),
      }));
      expect(recorded.length).toBeGreaterThan(2);
      const metricPoints = await Promise.all(
        [
          'gen_ai.client.operation.duration',
          'agnes.client.retries',
          'agnes.client.give_ups',
          'agnes.client.wait.duration',
        ].map((name) => sdk.points(name)),
      );
      const text = JSON.stringify({
        recorded,
        metrics: metricPoints.flat().map((point) => point.attributes),
      });
      expect(text).toContain('agnes.reason');
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain(apiKey.slice(3, 20));
      expect(text).not.toContain(prompt);
      expect(text).not.toContain('board-meeting');
    });
  },
);

describe.each(clients.map((client) => [client.name, client] as const))(
  '%s, aborted',
  (_name, client: ClientDriver) => {
    it('ends the call as aborted when the caller aborts during an attempt: no error status, no give-up', async () => {
      mock = await startMockAgnes({
        script: { [`POST /v1${client.path ?? '/chat/completions'}`]: [{ delayMs: 5_000 }] },
      });
      const controller = new AbortController();
      const pending = client.chat(
        { baseURL: mock.baseURL, apiKey },
        { ...fast, ...agnesTelemetry() },
        controller.signal,
      );
      while (mock.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      await expect(pending).rejects.toBeDefined();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const call = ours(sdk.spans()).find((span) => span.name === `chat ${model}`);
      expect(call?.attributes).toMatchObject({ 'agnes.outcome': 'aborted', 'error.type': 'caller_aborted' });
      expect(call?.status.code).not.toBe(SpanStatusCode.ERROR);
      const attempt = ours(sdk.spans()).find((span) => span.name === 'POST');
      expect(attempt?.endTime).toBeDefined();
      expect(await sdk.points('agnes.client.give_ups')).toEqual([]);
      const durations = await sdk.points('gen_ai.client.operation.duration');
      expect(durations.map((point) => point.attributes['error.type'])).toEqual(['caller_aborted']);
    });
  },
);
