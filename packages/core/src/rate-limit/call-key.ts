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

/**
 * The default rate-limit key of a request: its origin, and the fingerprint of the API key it sends
 * when the adapter sees one, so two accounts (or two gateways) never share a window or a pause.
 */
export function defaultRateLimitKey(
  url: string | URL | undefined | null,
  headers: HeadersLike | undefined | null,
): string {
  const origin = originOf(url);
  if (!headers) return origin;
  const map = toHeaderMap(headers);
  for (const name of keyHeaders) {
    const value = map
      .get(name)
      ?.replace(/^bearer\s+/i, '')
      .trim();
    if (value) return `${origin}#${keyFingerprint(value)}`;
  }
  return origin;
}
