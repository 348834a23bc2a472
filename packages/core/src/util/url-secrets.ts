/** Query parameters that carry a key when a client sends it in the URL instead of a header. */
const keyParameter = /[?&](?:api[_-]?key|key|token|access[_-]?token|secret|password)=([^&#\s"']{4,256})/gi;

/**
 * The secrets a URL carries in its query string (`?api_key=...`, `?key=...`), raw and decoded, so
 * that a server echoing such a key elsewhere (a header, the body) has it redacted too. Bounded:
 * only the first 4 KB of the URL are read.
 */
export function secretsFromUrl(url: unknown): string[] {
  if (typeof url !== 'string') return [];
  const secrets: string[] = [];
  for (const match of url.slice(0, 4096).matchAll(keyParameter)) {
    const raw = match[1] as string;
    secrets.push(raw);
    try {
      const decoded = decodeURIComponent(raw);
      if (decoded !== raw) secrets.push(decoded);
    } catch {
      // A malformed escape: the raw form is enough.
    }
  }
  return secrets;
}
