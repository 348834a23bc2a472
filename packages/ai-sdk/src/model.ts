import type { AgnesErrorInfo } from '@agnes-errors/core';
import { getAgnesInfo } from '@agnes-errors/core';
import { type AnswerOptions, answerError } from './answer.ts';
import { type CallDiagnoses, callHeader } from './calls.ts';
import { guardParts } from './stream-parts.ts';

type CallOptions = { readonly headers?: Record<string, string | undefined> } & Record<string, unknown>;
type ModelMethod = (options: CallOptions) => PromiseLike<unknown>;
type StreamResult = { readonly stream: ReadableStream<unknown> } & Record<string, unknown>;

/** What the models of one provider share. */
export interface ModelContext extends AnswerOptions {
  readonly calls: CallDiagnoses;
}

/** The call's diagnosis: the one our fetch recorded for it, else one attached to the error's causes. */
function diagnosisOf(error: unknown, recorded: AgnesErrorInfo | undefined): AgnesErrorInfo | undefined {
  if (recorded) return recorded;
  return (error as { agnes?: unknown } | undefined)?.agnes !== undefined ||
    (error as { cause?: { agnes?: unknown } } | undefined)?.cause?.agnes !== undefined
    ? getAgnesInfo(error)
    : undefined;
}

/** Runs one model call with its requests tagged, so its error gets our final diagnosis. */
async function tracked<T>(
  context: ModelContext,
  options: CallOptions,
  call: (options: CallOptions) => PromiseLike<T>,
): Promise<T> {
  const id = context.calls.open();
  try {
    const result = await call({ ...options, headers: { ...options?.headers, [callHeader]: id } });
    context.calls.close(id);
    return result;
  } catch (error) {
    throw answerError(error, diagnosisOf(error, context.calls.close(id)), context);
  }
}

/**
 * The same model with its calls (`doGenerate`, `doStream`, `doEmbed`) answering with Agnes errors
 * the AI SDK does not retry. Everything else (ids, capabilities, supported URLs) is the model's own.
 */
export function agnesModel<Model extends object>(model: Model, context: ModelContext): Model {
  const target = model as unknown as Record<string, ModelMethod>;
  const overrides: Record<string, unknown> = {
    doGenerate: (options: CallOptions) => tracked(context, options, (o) => target.doGenerate!.call(model, o)),
    doEmbed: (options: CallOptions) => tracked(context, options, (o) => target.doEmbed!.call(model, o)),
    doStream: async (options: CallOptions) => {
      const result = (await tracked(context, options, (o) =>
        target.doStream!.call(model, o),
      )) as StreamResult;
      return { ...result, stream: guardParts(result.stream, context) };
    },
  };
  return new Proxy(model, {
    get(object, property, receiver) {
      if (typeof property === 'string' && property in overrides && typeof target[property] === 'function')
        return overrides[property];
      const value = Reflect.get(object, property, object);
      return typeof value === 'function' && receiver !== object ? value.bind(object) : value;
    },
  });
}
