const REDACTED = '[redacted]';

/** Patterns that look like credentials wherever they appear. */
const credentialPatterns: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=:-]{6,}/gi, `$1 ${REDACTED}`],
  [/\b(sk|cpk|sk-proj|sk-ant)-[A-Za-z0-9_\-.*]{3,}/g, `$1-${REDACTED}`],
  [/([?&](?:api[_-]?key|key|token|access[_-]?token|secret|password)=)[^&#\s"']*/gi, `$1${REDACTED}`],
  [
    /("(?:api[_-]?key|apiKey|authorization|x-api-key|password|secret|token)"\s*:\s*")[^"]*(")/gi,
    `$1${REDACTED}$2`,
  ],
];

/**
 * Removes credentials from text: Bearer tokens, `sk-`/`cpk-` keys, key query parameters, and any
 * `secrets` given verbatim (e.g. the exact key read from the request). Used by every message,
 * `toJSON`, inspect output and event this library produces.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of credentialPatterns) result = result.replace(pattern, replacement);
  return result;
}

/** Header names whose values are secrets. */
export const secretHeaderNames: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'cookie',
  'set-cookie',
]);

/** A URL with credential query parameters and userinfo removed; the input unchanged if unparsable. */
export function redactUrl(url: string): string {
  return redact(url.replace(/\/\/[^/@\s]*@/, '//'));
}

/** The secrets a request carries: the bearer token and key headers, trimmed and raw. */
export function secretsFromHeaders(headers: ReadonlyMap<string, string>): string[] {
  const secrets: string[] = [];
  for (const name of secretHeaderNames) {
    const value = headers.get(name);
    if (!value) continue;
    const token = value.replace(/^\s*(Bearer|Basic|Token)\s+/i, '');
    secrets.push(value, token, token.trim());
  }
  return secrets.filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
}
