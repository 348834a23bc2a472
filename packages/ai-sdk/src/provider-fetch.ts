import { type AgnesFetch, agnesFetch, getAgnesInfo } from '@agnes-errors/core';
import { type AgnesController, readEnvironment, withFallbackModels } from '@agnes-errors/core/adapter-kit';
import { type CallRegistry, takeCallId } from './calls.ts';
import type { AgnesProviderSettings } from './types.ts';

/** The API key: the setting, else `AGNES_API_KEY` where the runtime lets us read it; read per request. */
function apiKeyOf(settings: AgnesProviderSettings): string {
  const key = settings.apiKey ?? readEnvironment('AGNES_API_KEY');
  if (!key)
    throw new TypeError(
      'No Agnes API key: pass createAgnes({ apiKey }) or set the AGNES_API_KEY environment variable.',
    );
  return key;
}

/**
 * The fetch the AI SDK provider calls: the key added per request (so a missing one is reported at the
 * call, as AI SDK providers do), the Agnes loop (pacing, classification, retries, fallback models)
 * inside, and each call's final diagnosis recorded for the error the AI SDK builds from it.
 */
export function providerFetch(
  settings: AgnesProviderSettings,
  controller: AgnesController,
  calls: CallRegistry,
): AgnesFetch {
  const agnes = withFallbackModels(
    agnesFetch({
      ...(settings.fetch && { fetch: settings.fetch }),
      controller,
      // Every request of the provider goes to its base URL: its origin is in scope.
      baseURL: settings.baseURL ?? readEnvironment('AGNES_BASE_URL'),
    }),
    settings,
  );
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const tagged = takeCallId(init);
    const headers = new Headers(tagged.init?.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${apiKeyOf(settings)}`);
    try {
      const response = await agnes(input, { ...tagged.init, headers });
      const info = response.ok ? undefined : getAgnesInfo(response);
      if (info && tagged.id !== undefined) calls.record(tagged.id, info);
      return response;
    } catch (error) {
      const info = getAgnesInfo(error);
      if (info && tagged.id !== undefined) calls.record(tagged.id, info);
      throw error;
    }
  };
  return Object.assign(wrapped, { controller }) as AgnesFetch;
}
