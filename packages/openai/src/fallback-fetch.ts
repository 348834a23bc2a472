import { type AgnesFetch, agnesFetch, getAgnesInfo } from '@agnes-errors/core';
import type { AgnesController } from '@agnes-errors/core/adapter-kit';
import type { AgnesOpenAIOptions } from './types.ts';

/** Request bodies the SDK sends as JSON text: the only ones whose model can be swapped. */
function modelOf(body: unknown): { json: Record<string, unknown>; model: string } | undefined {
  if (typeof body !== 'string' || !body.startsWith('{')) return undefined;
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    return typeof json.model === 'string' ? { json, model: json.model } : undefined;
  } catch {
    return undefined;
  }
}

/** A final failure that another model may not have: unknown or unrouted model, or a 503 that outlasted the retries. */
function wantsFallback(response: Response): boolean {
  const info = getAgnesInfo(response);
  return info?.reason === 'model_not_found' || (response.status === 503 && info?.stop === 'max_retries');
}

/**
 * The SDK's fetch with the Agnes loop inside (pacing, classification, retries, abortable waits),
 * and, when `fallbackModels` are set, the same request sent with the next model after a model failure.
 */
export function fallbackFetch(
  baseFetch: typeof fetch,
  controller: AgnesController,
  options: AgnesOpenAIOptions,
): AgnesFetch {
  const agnes = agnesFetch({ fetch: baseFetch, controller });
  const fallbackModels = options.fallbackModels ?? [];
  if (fallbackModels.length === 0) return agnes;
  const withFallback = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let response = await agnes(input, init);
    if (response.ok) return response;
    // Parsed only after a failure: the success path never pays for it.
    const first = modelOf(init?.body);
    if (!first) return response;
    let current = first.model;
    for (const next of fallbackModels.filter((model) => model !== first.model)) {
      if (!wantsFallback(response)) break;
      const info = getAgnesInfo(response);
      if (info) options.onFallback?.({ from: current, to: next, info });
      current = next;
      response = await agnes(input, { ...init, body: JSON.stringify({ ...first.json, model: next }) });
      if (response.ok) break;
    }
    return response;
  };
  return Object.assign(withFallback, { controller }) as AgnesFetch;
}
