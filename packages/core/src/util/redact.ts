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

/** Shortest secret redacted in its encoded and line-broken forms too (shorter ones only verbatim). */
export const MIN_ENCODED_SECRET = 8;
/** Longest one: API keys are far shorter; a long cookie is redacted verbatim only. */
const MAX_ENCODED_SECRET = 256;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The base64 characters that depend only on `bytes`, wherever they sit in a longer base64 text. */
function base64Cores(bytes: Uint8Array): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const padded = new Uint8Array(offset + bytes.length + 2);
    padded.set(bytes, offset);
    let binary = '';
    for (const byte of padded) binary += String.fromCharCode(byte);
    const encoded = btoa(binary);
    // Character j holds bits 6j..6j+5; keep those inside the secret's bits.
    const first = Math.ceil((8 * offset) / 6);
    const last = Math.floor((8 * (offset + bytes.length) - 6) / 6);
    const core = encoded.slice(first, last + 1);
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

/**
 * What one secret can look like in text: itself; for secrets of 8 characters or more also
 * URL-encoded, base64 and base64url encoded (at any alignment inside a longer encoded text), and
 * broken by a line break or spaces (raw or JSON-escaped) between any two characters.
 */
function secretMatchers(secret: string): RegExp {
  if (secret.length < MIN_ENCODED_SECRET || secret.length > MAX_ENCODED_SECRET)
    return new RegExp(escapeRegExp(secret), 'g');
  const gap = '(?:\\s|\\\\[nrt]){0,4}';
  const forms = new Set<string>([
    Array.from(secret, characterForm).join(gap),
    escapeRegExp(encodeURIComponent(secret)),
  ]);
  for (const core of base64Cores(new TextEncoder().encode(secret))) {
    // The characters after the core mix the key's last bits with what follows, then the padding:
    // both go with it, so no `==` is left after the redaction.
    if (core.length >= MIN_ENCODED_SECRET) forms.add(`${escapeRegExp(core)}[A-Za-z0-9+/_-]{0,4}={0,2}`);
  }
  return new RegExp([...forms].join('|'), 'g');
}

/**
 * One character of a secret as it may come back: itself; a character outside printable ASCII (an
 * accented letter, a zero-width space) also dropped, replaced (U+FFFD), decoded as Latin-1 bytes
 * or JSON-escaped, since servers and clients re-encode what they do not expect in a header.
 */
function characterForm(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  if (code >= 0x20 && code <= 0x7e) return escapeRegExp(character);
  return '(?:[^\\x20-\\x7e]|\\\\u[0-9a-fA-F]{4}|%[0-9a-fA-F]{2}){0,9}';
}

const matcherCache = new Map<string, RegExp>();

function matcherFor(secret: string): RegExp {
  let matcher = matcherCache.get(secret);
  if (!matcher) {
    matcher = secretMatchers(secret);
    // A handful of keys per process: keep the cache from growing with hostile input.
    if (matcherCache.size >= 64) matcherCache.delete(matcherCache.keys().next().value as string);
    matcherCache.set(secret, matcher);
  }
  return matcher;
}

/**
 * Removes credentials from text: Bearer tokens, `sk-`/`cpk-` keys, key query parameters, and any
 * `secrets` given (e.g. the exact key read from the request), verbatim and, for secrets of 8
 * characters or more, URL-encoded, base64 or base64url encoded, or split by whitespace. Used by
 * every message, `toJSON`, inspect output and event this library produces.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.replace(matcherFor(secret), REDACTED);
  }
  for (const [pattern, replacement] of credentialPatterns) result = result.replace(pattern, replacement);
  return result;
}

/** Room left past a cut so that no secret form can be cut in two (a 256-character key, spaced out). */
const CUT_MARGIN = 1536;

/**
 * Redacts `text` and cuts it to at most `max` characters, never cutting a secret in two: a key
 * straddling the cut would survive redaction as a fragment, so the text is redacted first over a
 * window, and anything near the window's end is dropped.
 */
export function redactBounded(text: string, secrets: readonly string[], max: number): string {
  const window = max + CUT_MARGIN;
  if (text.length <= window) return redact(text, secrets).slice(0, max);
  const redacted = redact(text.slice(0, window), secrets);
  return redacted.slice(0, Math.min(max, redacted.length - CUT_MARGIN));
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
    // A key with characters outside printable ASCII may come back with them changed beyond what a
    // pattern foresees: each printable run of 8 or more is then a secret of its own.
    if (/[^\x20-\x7e]/.test(token))
      for (const run of token.split(/[^\x21-\x7e]+/)) if (run.length >= MIN_ENCODED_SECRET) secrets.push(run);
  }
  return secrets.filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
}
