import { classify } from '../classify/index.ts';
import { formatAgnesMessage } from '../messages/format.ts';
import type { AgnesErrorInfo, AgnesFailure } from '../types/failure.ts';
import { secretsOf } from '../util/known-secrets.ts';
import { redact } from '../util/redact.ts';
import { inspectSummary, inspectSymbol } from './inspect.ts';

const brand = Symbol.for('agnes-errors.AgnesError');

/** Options of the {@link AgnesError} constructor. */
export interface AgnesErrorOptions {
  /** The original error or response, kept as `cause` (credentials are never copied into messages). */
  readonly cause?: unknown;
  /**
   * The message; by default the formatted Agnes message of `info`.
   * @default formatAgnesMessage(info)
   */
  readonly message?: string;
}

/**
 * An Agnes API failure, thrown by adapters when `throwAgnesError: true` and by `agnesFetch`.
 * `error.agnes` holds the full diagnosis. Safe to log: message, `toJSON` and inspect output carry no credentials.
 */
export class AgnesError extends Error {
  override readonly name = 'AgnesError';
  /** The diagnosis. */
  readonly agnes: AgnesErrorInfo;
  /** HTTP status, or `undefined` when no response arrived. */
  readonly status: number | undefined;

  constructor(info: AgnesErrorInfo, options: AgnesErrorOptions = {}) {
    super(
      redact(options.message ?? formatAgnesMessage(info), secretsOf(info)),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.agnes = info;
    this.status = info.status;
    Object.defineProperty(this, brand, { value: true });
    // Set per instance, not on the prototype: a module-level statement would keep this class (and
    // with it the whole classifier) in bundles that never use it.
    Object.defineProperty(this, inspectSymbol, { value: inspectAgnesError });
  }

  /** Builds an error straight from failure data. */
  static from(failure: AgnesFailure, options: AgnesErrorOptions = {}): AgnesError {
    return new AgnesError(classify(failure), options);
  }

  /** A plain, credential-free object for logs and JSON APIs. */
  toJSON(): Record<string, unknown> {
    const { entry, hints, ...rest } = this.agnes;
    return {
      name: this.name,
      message: this.message,
      ...rest,
      hints: hints.map((hint) => ({ reason: hint.reason, message: hint.message, fix: hint.fix })),
      title: entry?.title,
    };
  }
}

/** What `console.log` and `util.inspect` show: the message and key facts, never the cause. */
function inspectAgnesError(this: AgnesError): string {
  return inspectSummary(this, this.agnes);
}

/** True for an {@link AgnesError}, also one created by another copy of this package. */
export function isAgnesError(value: unknown): value is AgnesError {
  try {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  } catch {
    // A Proxy whose trap throws, or a revoked one: not ours.
    return false;
  }
}
