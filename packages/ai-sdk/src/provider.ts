import { AgnesController, agnesConnection, normalizeOptions } from '@agnes-errors/core/adapter-kit';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { CallDiagnoses } from './calls.ts';
import { agnesModel, type ModelContext } from './model.ts';
import { providerFetch } from './provider-fetch.ts';
import type { AgnesProvider, AgnesProviderSettings } from './types.ts';

/** The provider's methods that return a model, in every supported major. */
const modelFactories = [
  'languageModel',
  'chatModel',
  'completionModel',
  'embeddingModel',
  'textEmbeddingModel',
  'imageModel',
] as const;

function checkSettings(settings: AgnesProviderSettings): void {
  if (settings.fetch !== undefined && typeof settings.fetch !== 'function')
    throw new TypeError(`createAgnes: fetch must be a function, got ${typeof settings.fetch}.`);
  // Every Agnes option is checked here, at configuration, with a TypeError naming it.
  normalizeOptions(settings);
}

/**
 * An AI SDK provider for the Agnes API with one Agnes retry loop per request: pacing (`rpm`; a 429
 * pauses every call of the provider), Agnes decisions (no retry of a 402, of a parameter fault or of a
 * task-creating POST), abortable waits, fallback models, and errors that stay the AI SDK's own
 * (`APICallError.isInstance(error)`) with `error.agnes` and an Agnes message. The AI SDK's own retries
 * never add to ours: every error it gets is marked `isRetryable: false`.
 *
 * @example
 * import { generateText } from 'ai';
 * import { createAgnes } from '@agnes-errors/ai-sdk';
 *
 * const agnes = createAgnes({ rpm: 20 }); // AGNES_API_KEY, AGNES_BASE_URL from the environment
 * const { text } = await generateText({ model: agnes('agnes-2.5-flash'), prompt: 'Hello' });
 */
export function createAgnes(settings: AgnesProviderSettings = {}): AgnesProvider {
  checkSettings(settings);
  // The key is read per request (a missing one is reported at the call, as AI SDK providers do).
  const connection = agnesConnection(settings, 'createAgnes');
  // Our fetch answers HTTP failures with the response, so that the AI SDK builds its APICallError
  // from it; `throwAgnesError` is applied to that error instead.
  const controller = new AgnesController({ ...settings, throwAgnesError: false });
  const context: ModelContext = {
    controller,
    calls: new CallDiagnoses(),
    throwAgnesError: settings.throwAgnesError ?? false,
  };
  const base = createOpenAICompatible({
    name: 'agnes',
    baseURL: connection.baseURL,
    headers: settings.headers ?? {},
    fetch: providerFetch(settings, connection, controller, context.calls),
    includeUsage: true,
  }) as unknown as Record<string, unknown>;

  const provider = ((modelId: string) =>
    agnesModel((base.languageModel as (id: string) => object)(modelId), context)) as unknown as Record<
    string,
    unknown
  >;
  if (base.specificationVersion !== undefined) provider.specificationVersion = base.specificationVersion;
  for (const name of modelFactories) {
    const factory = base[name];
    if (typeof factory === 'function')
      provider[name] = (modelId: string) => agnesModel((factory as (id: string) => object)(modelId), context);
  }
  return provider as unknown as AgnesProvider;
}

/**
 * The default provider: key from `AGNES_API_KEY` (read when a request is made), base URL from
 * `AGNES_BASE_URL` or the Agnes API, default Agnes options.
 *
 * @example
 * import { streamText } from 'ai';
 * import { agnes } from '@agnes-errors/ai-sdk';
 *
 * const result = streamText({ model: agnes('agnes-2.5-flash'), prompt: 'Hello' });
 */
export const agnes: AgnesProvider = /* @__PURE__ */ createAgnes();
