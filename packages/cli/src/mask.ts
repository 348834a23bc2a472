/** A key as it may be shown: its prefix and, for a long enough key, its last four characters. */
export function maskKey(key: string): string {
  const trimmed = key.trim();
  const prefix = /^(sk|cpk)-/.exec(trimmed)?.[0] ?? '';
  const tail = trimmed.length >= 20 ? trimmed.slice(-4).replace(/[^A-Za-z0-9]/g, '?') : '';
  return `${prefix}…${tail}`;
}

/** A proxy URL with its user and password hidden. */
export function maskProxy(value: string): string {
  try {
    const url = new URL(value);
    if (url.username || url.password) {
      url.username = '***';
      url.password = '';
    }
    return url.href.replace(/\/$/, '');
  } catch {
    return value.replace(/\/\/[^@/]*@/, '//***@').slice(0, 80);
  }
}

/** Removes every occurrence of `secret` (and its trimmed form) from `text`: the last line of defence. */
export function withoutSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  let result = text;
  for (const form of new Set([secret, secret.trim()])) {
    if (form.length >= 4) result = result.split(form).join('[redacted]');
  }
  return result;
}
