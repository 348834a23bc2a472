import {
  type AgnesCallOptions,
  type AgnesFailure,
  type AgnesOptions,
  getAgnesInfo,
} from '@agnes-errors/core';
import { AgnesController, failureFromUnknown } from '@agnes-errors/core/adapter-kit';
import { type AnswerOptions, answerError } from './answer.ts';
import { guardParts } from './stream-parts.ts';

type CallParams = { readonly abortSignal?: AbortSignal | undefined } & Record<string, unknown>;
type WrappedModel = {
  readonly modelId?: string;
  doGenerate(params: CallParams): PromiseLike<unknown>;
  doStream(params: CallParams): PromiseLike<{ stream: ReadableStream<unknown> } & Record<string, unknown>>;
};

/**
 * A language model middleware for `wrapLanguageModel`. It fits the middleware type of every
 * supported AI SDK major (v2, v3 and v4 middlewares have the same two hooks).
 */
export interface AgnesLanguageModelMiddleware {
  /** The middleware version, read by AI SDK 6 and later types only. */
  // biome-ignore lint/suspicious/noExplicitAny: one value that satisfies the 'v3' and 'v4' literal types.
  readonly specificationVersion: any;
  readonly middlewareVersion: 'v2';
  // biome-ignore lint/suspicious/noExplicitAny: the AI SDK majors type these parameters differently.
  readonly wrapGenerate: (options: { params: any; model: any }) => Promise<any>;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  readonly wrapStream: (options: { params: any; model: any }) => Promise<any>;
}

/** A failure of the wrapped model as failure data: a call to a chat endpoint (POST) unless it says otherwise. */
function failureOf(error: unknown): AgnesFailure {
  const failure = failureFromUnknown(error);
  return { ...failure, method: failure.method ?? 'POST' };
}

/** Whether the wrapped model's error is a failed request (not a prompt error, not an unreadable 200). */
function isRequestError(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status === 'number' && status < 400) return false;
  return getAgnesInfo(error) !== undefined;
}

/**
 * Agnes handling for a model you build yourself (`wrapLanguageModel({ model, middleware })`): one
 * Agnes retry loop around each model call, with pacing, Agnes decisions and messages, and errors
 * the AI SDK does not retry again. It sees the model's errors, not its HTTP requests: prefer
 * {@link createAgnes} where you can (see the README for what each can do).
 *
 * @example
 * import { wrapLanguageModel } from 'ai';
 * import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
 * import { agnesMiddleware } from '@agnes-errors/ai-sdk';
 *
 * const provider = createOpenAICompatible({ name: 'agnes', baseURL, apiKey });
 * const model = wrapLanguageModel({ model: provider('agnes-2.5-flash'), middleware: agnesMiddleware({ rpm: 20 }) });
 */
export function agnesMiddleware(options: AgnesOptions = {}): AgnesLanguageModelMiddleware {
  const controller = new AgnesController(options);
  const answer: AnswerOptions = { controller, throwAgnesError: controller.options.throwAgnesError };

  async function loop<T>(
    params: CallParams,
    model: WrappedModel,
    call: (params: CallParams) => PromiseLike<T>,
  ): Promise<T> {
    const signal = params.abortSignal;
    const overrides = (params.providerOptions as { agnes?: AgnesCallOptions } | undefined)?.agnes;
    // The middleware sees model calls, not requests: the model's own id, a chat (no URL).
    const request = () => ({ method: 'POST', model: model.modelId, operation: 'chat' as const });
    const outcome = await controller.begin({ signal, overrides, request }).run<T>(async (attempt) => {
      try {
        return { ok: true, value: await call({ ...params, abortSignal: attempt.signal ?? signal }) };
      } catch (error) {
        if (signal?.aborted || !isRequestError(error)) throw error;
        return { ok: false, failure: failureOf(error), error };
      }
    });
    if (outcome.ok) return outcome.value;
    throw answerError(outcome.error, outcome.info, answer);
  }

  return {
    specificationVersion: 'v3',
    middlewareVersion: 'v2',
    wrapGenerate: ({ params, model }) =>
      loop(params, model as WrappedModel, (p) => (model as WrappedModel).doGenerate(p)),
    wrapStream: async ({ params, model }) => {
      const result = await loop(params, model as WrappedModel, (p) => (model as WrappedModel).doStream(p));
      return { ...result, stream: guardParts(result.stream, answer) };
    },
  };
}
