import { getMessages } from '../messages/index.ts';
import type { AgnesErrorInfo } from '../types/failure.ts';
import type { ModelListOptions } from '../types/model-list.ts';
import type { AgnesHint } from '../types/reasons.ts';
import { closestModels } from '../util/closest-models.ts';
import { carrySecrets, secretsOf } from '../util/known-secrets.ts';
import { redact } from '../util/redact.ts';

export type { ModelListOptions } from '../types/model-list.ts';

/** The fetch the list is requested through: the caller's own Agnes fetch, so auth, pacing and retries apply. */
export type ModelListFetch = (url: string, init: RequestInit) => Promise<Response>;

interface CacheEntry {
  readonly expiresAt: number;
  readonly models: Promise<readonly string[] | undefined>;
}

/** A short fingerprint of the Authorization value: the cache is keyed by it, never by the key itself. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(36)}.${text.length}`;
}

/** The API base of a request URL: everything up to its first `/v1` path segment. */
function apiBase(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const at = parsed.pathname.search(/\/v1(?:\/|$)/);
    const path = at === -1 ? '/v1' : parsed.pathname.slice(0, at + 3);
    return `${parsed.origin}${path}`;
  } catch {
    return undefined;
  }
}

/** Model ids from a `GET /v1/models` body (`{ data: [{ id }] }`, or a bare array). */
function modelIds(json: unknown): readonly string[] | undefined {
  const data = Array.isArray(json) ? json : (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  const ids = data
    .map((item) => (typeof item === 'string' ? item : (item as { id?: unknown } | null)?.id))
    .filter((id): id is string => typeof id === 'string');
  return ids;
}

/**
 * The model lists one client fetched, per base URL and key: at most one request per `ttlMs`, and
 * concurrent failures share the request in flight.
 */
export class ModelListCache {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #ttlMs: number;
  readonly #timeoutMs: number;
  readonly #now: () => number;

  constructor(options: ModelListOptions = {}, now: () => number = Date.now) {
    this.#ttlMs = options.ttlMs ?? 600_000;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#now = now;
  }

  /** The models visible at `requestUrl`'s base with `authorization`, fetched through `send` when not cached. */
  models(
    requestUrl: string,
    authorization: string | null,
    send: ModelListFetch,
  ): Promise<readonly string[] | undefined> {
    const base = apiBase(requestUrl);
    if (!base) return Promise.resolve(undefined);
    const key = `${base} ${fingerprint(authorization ?? '')}`;
    const now = this.#now();
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt > now) return cached.models;
    for (const [entryKey, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(entryKey);
    const models = this.#load(`${base}/models`, authorization, send);
    this.#entries.set(key, { expiresAt: now + this.#ttlMs, models });
    return models;
  }

  async #load(
    url: string,
    authorization: string | null,
    send: ModelListFetch,
  ): Promise<readonly string[] | undefined> {
    try {
      const timeout = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(this.#timeoutMs) : null;
      const response = await send(url, {
        method: 'GET',
        headers: authorization ? { authorization } : {},
        signal: timeout,
      });
      if (!response.ok) return undefined;
      return modelIds(await response.json());
    } catch {
      // No list, no suggestion: the caller's own failure is what matters.
      return undefined;
    }
  }
}

/**
 * The diagnosis of an unknown-model failure with the closest available models named ("did you mean
 * agnes-2.5-flash?") in its hint and in `suggestedModels`; any other diagnosis as it is.
 */
export function withSuggestedModels(
  info: AgnesErrorInfo,
  available: readonly string[] | undefined,
): AgnesErrorInfo {
  const hint = info.hints.find((each) => each.reason === 'model_not_found');
  const model = hint?.details.model;
  if (!hint || !model || !available) return info;
  const suggestions = closestModels(model, available);
  if (suggestions.length === 0) return info;
  const messages = getMessages(info.locale);
  const hints = info.hints.map((each): AgnesHint => {
    if (each !== hint) return each;
    const details = { ...each.details, suggestions: suggestions.join(', ') };
    const text = messages.reasons.model_not_found(details);
    return { ...each, message: redact(text.cause, secretsOf(info)), fix: text.fix, details };
  });
  return carrySecrets({ ...info, hints, suggestedModels: suggestions }, info);
}

const caches = new WeakMap<object, ModelListCache>();

/**
 * Marks a request whose unknown-model failure is not the caller's last word (a fallback model is
 * tried next): no list is fetched for it. A symbol key, so `fetch` ignores it.
 */
export const skipModelList: unique symbol = Symbol('agnes.skipModelList');

/** `init` marked with {@link skipModelList}. */
export function withoutModelList(init: RequestInit | undefined): RequestInit {
  return { ...init, [skipModelList]: true } as RequestInit;
}

/** Whether `init` is marked with {@link skipModelList}. */
export function skipsModelList(init: RequestInit | undefined): boolean {
  return (init as { [skipModelList]?: boolean } | undefined)?.[skipModelList] === true;
}

/**
 * The hook `agnesFetch` calls on a final failure: for an unknown or unrouted model (and `modelList`
 * not `false`), the diagnosis with the closest models of the list `owner`'s cache holds or fetches.
 */
export async function suggestModels(
  info: AgnesErrorInfo,
  owner: object,
  options: ModelListOptions | false,
  request: { readonly url: string; readonly authorization: string | null; readonly now: () => number },
  send: ModelListFetch,
): Promise<AgnesErrorInfo> {
  if (options === false || info.reason !== 'model_not_found') return info;
  let cache = caches.get(owner);
  if (!cache) {
    cache = new ModelListCache(options, request.now);
    caches.set(owner, cache);
  }
  return withSuggestedModels(info, await cache.models(request.url, request.authorization, send));
}
