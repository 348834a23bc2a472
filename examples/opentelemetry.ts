/**
 * OpenTelemetry: every Agnes call as a span (`chat agnes-2.5-flash`), each attempt as a child span
 * with `http.request.resend_count`, each retry and wait as a span event, printed to the console.
 * In an application, register your usual SDK (NodeSDK, an OTLP exporter) instead of `startTracing`.
 */
import { getAgnesInfo, withAgnes } from '@agnes-errors/openai';
import { agnesTelemetry } from '@agnes-errors/otel';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import OpenAI from 'openai';
import { runExample, type Target } from './target.ts';

/** Registers a tracer provider that hands every finished span to `exporter`; returns how to stop it. */
export function startTracing(exporter: SpanExporter = new ConsoleSpanExporter()): () => Promise<void> {
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  };
}

export async function main({ baseURL, apiKey }: Target): Promise<string> {
  // Spread the telemetry events into any adapter's options: axios, ky, got, fetch, AI SDK, LangChain.
  const client = withAgnes(new OpenAI({ baseURL, apiKey }), {
    rpm: 20,
    baseDelayMs: 100,
    ...agnesTelemetry(),
  });
  // The Agnes call span becomes a child of whatever span is active: here, one of ours.
  return trace.getTracer('example').startActiveSpan('answer a question', async (span) => {
    try {
      const completion = await client.chat.completions.create({
        model: 'agnes-2.5-flash',
        messages: [{ role: 'user', content: 'Say hello' }],
      });
      return `otel: ${completion.choices[0]?.message.content}`;
    } catch (error) {
      const info = getAgnesInfo(error);
      if (error instanceof OpenAI.APIError && info) return `otel failed (${info.reason}): ${error.message}`;
      throw error;
    } finally {
      span.end();
    }
  });
}

if (import.meta.main) {
  const stop = startTracing();
  try {
    await runExample(main);
  } finally {
    await stop();
  }
}
