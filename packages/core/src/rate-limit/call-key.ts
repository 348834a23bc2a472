import { type HeadersLike, toHeaderMap } from '../util/headers.ts';

/** Headers that carry the API key (OpenAI-style bearer, Azure-style and Anthropic-style keys). */
const keyHeaders = ['authorization', 'api-key', 'x-api-key'] as const;

/**
 * A short fingerprint of an API key: 48 bits of two FNV-1a hashes. Not reversible (a key has far more
 * entropy than 48 bits), never the key: the store and events see only this.
 */
export function keyFingerprint(key: string): string {
  let first = 0x811c9dc5;
  let second = 0x01000193 ^ key.length;
  for (let index = 0; index < key.length; index += 1) {
    const code = key.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193) >>> 0;
    second = Math.imul(second ^ code, 0x5bd1e995) >>> 0;
    second ^= second >>> 13;
  }
  return (first.toString(16).padStart(8, '0') + (second >>> 16).toString(16).padStart(4, '0')).slice(0, 12);
}

function originOf(url: string | URL | undefined | null): string {
  if (!url) return 'default';
  try {
    const origin = (url instanceof URL ? url : new URL(url)).origin;
    return origin === 'null' ? 'default' : origin;
  } catch {
    return 'default';
  }
}

/** The key header's value, read without copying every header when they are a `Headers`. */
function keyOf(headers: HeadersLike): string | undefined {
  const get =
    typeof (headers as Headers).get === 'function'
      ? (name: string) => (headers as Headers).get(name) ?? undefined
      : (
          (map) => (name: string) =>
            map.get(name)
        )(toHeaderMap(headers));
  for (const name of keyHeaders) {
    const value = get(name)
      ?.replace(/^bearer\s+/i, '')
      .trim();
    if (value) return value;
  }
  return undefined;
}

/** Keys already worked out, by the URL's scheme and authority and the key's fingerprint. */
const known = new Map<string, string>();
const maxKnown = 256;

/** `https://host:port` of a URL string, without parsing it (the memo's index only). */
function authorityOf(url: string): string {
  const end = url.indexOf('/', url.indexOf('//') + 2);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * The default rate-limit key of a request: its origin, and the fingerprint of the API key it sends
 * when the adapter sees one, so two accounts (or two gateways) never share a window or a pause.
 * Worked out once per origin and key: every request of a client asks for it.
 */
export function defaultRateLimitKey(
  url: string | URL | undefined | null,
  headers: HeadersLike | undefined | null,
): string {
  const key = headers ? keyOf(headers) : undefined;
  // The memo holds the fingerprint, never the key.
  const suffix = key ? `#${keyFingerprint(key)}` : '';
  const memo = typeof url === 'string' ? `${authorityOf(url)}${suffix}` : undefined;
  const cached = memo === undefined ? undefined : known.get(memo);
  if (cached !== undefined) return cached;
  const result = `${originOf(url)}${suffix}`;
  if (memo !== undefined) {
    if (known.size >= maxKnown) known.clear();
    known.set(memo, result);
  }
  return result;
}
