/** Any header container users and clients hand us: `Headers`, a plain object, or entry pairs. */
export type HeadersLike =
  | { forEach(callback: (value: string, key: string) => void): void }
  | Readonly<Record<string, string | readonly string[] | number | boolean | null | undefined>>
  | Iterable<readonly [string, string]>;

/** Lower-cased header map. Never throws: unreadable input gives an empty map. */
export function toHeaderMap(headers: HeadersLike | undefined | null): Map<string, string> {
  const map = new Map<string, string>();
  if (headers === null || typeof headers !== 'object') return map;
  const add = (key: unknown, value: unknown): void => {
    if (typeof key !== 'string' || value === undefined || value === null) return;
    // Real header values are short; a hostile one is read no further than this.
    const text = (Array.isArray(value) ? value.map(String).join(', ') : String(value)).slice(0, 8192);
    const name = key.toLowerCase();
    const existing = map.get(name);
    map.set(name, existing === undefined ? text : `${existing}, ${text}`);
  };
  try {
    if (typeof (headers as Headers).forEach === 'function' && !Array.isArray(headers)) {
      (headers as Headers).forEach((value, key) => {
        add(key, value);
      });
    } else if (Symbol.iterator in headers) {
      for (const pair of headers as Iterable<readonly [string, string]>) {
        if (Array.isArray(pair)) add(pair[0], pair[1]);
      }
    } else {
      for (const [key, value] of Object.entries(headers)) add(key, value);
    }
  } catch {
    // A hostile or broken container: classify what we could read.
  }
  return map;
}
