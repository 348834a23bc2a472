import { getAgnesInfo } from '../errors/get-info.ts';
import { wantsFallbackModel } from '../policy.ts';
import type { AgnesErrorInfo } from '../types/failure.ts';
import type { AgnesFetch } from './agnes-fetch.ts';
import { withoutModelList } from './model-list.ts';

/** Sent when a request moves on to the next fallback model. */
export interface FallbackEvent {
  /** The model that failed. */
  readonly from: string;
  /** The model tried next. */
  readonly to: string;
  readonly info: AgnesErrorInfo;
}

/** Options of adapters that can move a request on to another model (the OpenAI and Anthropic SDKs, the AI SDK). */
export interface FallbackOptions {
  /**
   * Models to try in order when the provider answers that a model is unknown or unrouted (404, 503)
   * or keeps answering 503 (or an Anthropic 529 overload) after the retries.
   * @default []
   */
  readonly fallbackModels?: readonly string[];
  /**
   * Called when a request moves on to a fallback model.
   * @default undefined
   */
  readonly onFallback?: ((event: FallbackEvent) => void) | undefined;
}

/** Request bodies sent as JSON text: the only ones whose model can be swapped. */
function modelOf(body: unknown): { json: Record<string, unknown>; model: string } | undefined {
  if (typeof body !== 'string' || !body.startsWith('{')) return undefined;
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    return typeof json.model === 'string' ? { json, model: json.model } : undefined;
  } catch {
    return undefined;
  }
}

/** A final failure that another model may not have (the policy's rule). */
function wantsFallback(response: Response): boolean {
  const info = getAgnesInfo(response);
  return info !== undefined && wantsFallbackModel(info, info.stop);
}

/**
 * An Agnes fetch that, when `fallbackModels` are set, sends the same request with the next model
 * after a model failure (each model with its own full retry loop). Without them, `agnes` itself.
 */
export function withFallbackModels(agnes: AgnesFetch, options: FallbackOptions): AgnesFetch {
  const fallbackModels = options.fallbackModels ?? [];
  if (fallbackModels.length === 0) return agnes;
  const withFallback = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // A failure another model follows is not the caller's last word: no model list for it.
    let response = await agnes(input, withoutModelList(init));
    if (response.ok) return response;
    // Parsed only after a failure: the success path never pays for it.
    const first = modelOf(init?.body);
    if (!first) return response;
    const fallbacks = fallbackModels.filter((model) => model !== first.model);
    let current = first.model;
    for (const [index, next] of fallbacks.entries()) {
      if (!wantsFallback(response)) break;
      const info = getAgnesInfo(response);
      if (info) options.onFallback?.({ from: current, to: next, info });
      current = next;
      const nextInit = { ...init, body: JSON.stringify({ ...first.json, model: next }) };
      response = await agnes(input, index < fallbacks.length - 1 ? withoutModelList(nextInit) : nextInit);
      if (response.ok) break;
    }
    return response;
  };
  return Object.assign(withFallback, { controller: agnes.controller }) as AgnesFetch;
}
