/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function stableJson(value: unknown, depth = 0): string {
  if (depth > 32) return '"…"';
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item, depth + 1)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map(
        (key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key], depth + 1)}`,
      );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * FNV-1a, 2 x 32 bits: a short, stable digest (not a security measure: the key it digests is never
 * stored or printed, and a collision only joins two creates that a double click would have joined).
 */
export function digest(text: string): string {
  let low = 0x811c9dc5;
  let high = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    low = Math.imul(low ^ code, 0x01000193) >>> 0;
    high = Math.imul(high ^ code ^ (low >>> 7), 0x01000193) >>> 0;
  }
  return low.toString(36) + high.toString(36);
}

/** What makes two creates "the same": the key they are sent with, where, and the body. */
export function createFingerprint(keyDigest: string | undefined, url: string, body: unknown): string {
  return digest(`${keyDigest ?? ''}\n${url}\n${stableJson(body)}`);
}
