/**
 * The secrets a diagnosis was made with, kept beside it (never on it, so never printed), so that
 * what we print later of the client's own error (its code, its plain fields, its stack) can be
 * redacted exactly, also for keys that no pattern recognises.
 */
const secretsByInfo = new WeakMap<object, readonly string[]>();

/** Remembers the secrets of a diagnosis. */
export function rememberSecrets(info: object, secrets: readonly string[]): void {
  if (secrets.length > 0) secretsByInfo.set(info, secrets);
}

/** The secrets a diagnosis was made with (none for one built by hand). */
export function secretsOf(info: unknown): readonly string[] {
  return (typeof info === 'object' && info !== null && secretsByInfo.get(info)) || [];
}

/** Carries the secrets of `from` to a completed copy of it. */
export function carrySecrets<T extends object>(to: T, from: object): T {
  rememberSecrets(to, secretsOf(from));
  return to;
}
