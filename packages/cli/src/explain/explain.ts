import { type AgnesErrorInfo, classify, formatAgnesMessage, formatSupportReport } from '@agnes-errors/core';
import { zh } from '@agnes-errors/core/zh';
import { type InputKind, parseErrorInput } from './parse-input.ts';

/** Options of {@link explain}. */
export interface ExplainOptions {
  /**
   * Language of the diagnosis.
   * @default 'en'
   */
  readonly locale?: 'en' | 'zh' | undefined;
  /**
   * The HTTP status, when the input does not state it (a bare JSON body).
   * @default the status found in the input
   */
  readonly status?: number | undefined;
  /**
   * Versions listed in the support report.
   * @default {}
   */
  readonly versions?: Readonly<Record<string, string>> | undefined;
}

/** The diagnosis of a pasted error. */
export interface ExplainResult {
  /** What the input was read as. */
  readonly kind: InputKind;
  /** Core's diagnosis; absent when the input held no status, error body or error code. */
  readonly info: AgnesErrorInfo | undefined;
  /** Whether a status was found (or given); without one the diagnosis is a guess from the body. */
  readonly statusKnown: boolean;
  /** The one-line Agnes message. */
  readonly message: string | undefined;
  /** Every fix that applies, most specific first. */
  readonly fixes: readonly string[];
  /** The support report (`formatSupportReport`), redacted. */
  readonly report: string | undefined;
}

/**
 * Diagnoses what a user has in hand (a JSON error body, `curl -i` output, an SDK error message, or a
 * status code) with core's classifier and messages. Never sends a request; never prints the key.
 */
export function explain(input: string, options: ExplainOptions = {}): ExplainResult {
  const locale = options.locale === 'zh' ? zh : 'en';
  const { kind, failure, statusGuessed } = parseErrorInput(input, options.status);
  if (!failure)
    return { kind, info: undefined, statusKnown: false, message: undefined, fixes: [], report: undefined };
  const statusKnown = (failure.status !== undefined && !statusGuessed) || failure.condition !== undefined;
  // Without a stated status the body still tells a lot: the status its words suggest, else a
  // client error (400); `statusKnown: false` makes the output ask for --status.
  const info = classify(
    failure.status !== undefined || failure.condition !== undefined ? failure : { ...failure, status: 400 },
    { locale },
  );
  const fixes: string[] = [];
  for (const fix of [...info.hints.map((hint) => hint.fix), ...(info.entry?.solutions ?? [])]) {
    if (fix && !fixes.includes(fix)) fixes.push(fix);
  }
  return {
    kind,
    info,
    statusKnown,
    message: formatAgnesMessage(info, { locale }),
    fixes: fixes.slice(0, 6),
    report: formatSupportReport(info, { locale, versions: options.versions }),
  };
}
