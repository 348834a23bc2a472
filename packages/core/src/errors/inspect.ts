import type { AgnesErrorInfo } from '../types/failure.ts';
import { secretsOf } from '../util/known-secrets.ts';
import { redact } from '../util/redact.ts';

/** The symbol Node's `util.inspect` and `console.log` look for; no `node:` import needed. */
export const inspectSymbol: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/**
 * What inspect output shows of an Agnes-aware error: the message and the key facts, never the cause
 * or the client's request objects, which hold headers and so the key.
 */
export function inspectSummary(error: Error, info: AgnesErrorInfo): string {
  const { status, reason, retryable, attempts, requestId } = info;
  const code = (error as { code?: unknown }).code;
  return redact(
    `${error.name}: ${error.message}${code === undefined ? '' : `\n  code: ${String(code)}`}\n  agnes: ${JSON.stringify({ status, reason, retryable, attempts, requestId })}`,
    secretsOf(info),
  );
}
