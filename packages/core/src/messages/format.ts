import { getEntry } from '../catalogue/index.ts';
import { resolveLocale } from '../locale.ts';
import type { AgnesErrorInfo } from '../types/failure.ts';
import type { LocaleOption } from '../types/locale.ts';
import { redact } from '../util/redact.ts';
import { getMessages } from './index.ts';
import { solutionFits } from './solution-rules.ts';

/** Options of {@link formatAgnesMessage}. */
export interface FormatOptions {
  /**
   * Language of the message: a bundle, or the name of a loaded one (English for a name never loaded).
   * @default the locale the info was classified in
   */
  readonly locale?: LocaleOption | undefined;
  /**
   * How many solutions to list after "Try:".
   * @default 3
   */
  readonly maxSolutions?: number | undefined;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** "Check the base URL" -> "check the base URL", but "API key..." stays. */
const lowerFirst = (text: string): string =>
  /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;

/**
 * The one-line message for a failure: status and title, the diagnosed cause first, what the provider
 * said, attempts and elapsed time when known, the most useful fixes, and the request id.
 * Credentials never appear in it. Never throws: an info it cannot read gives a generic line.
 */
export function formatAgnesMessage(info: AgnesErrorInfo, options: FormatOptions = {}): string {
  try {
    return formatUnsafe(info, options ?? {});
  } catch {
    let status: unknown;
    try {
      status = info?.status;
    } catch {
      status = undefined;
    }
    return typeof status === 'number' && Number.isInteger(status) ? `Agnes API ${status}` : 'Agnes API error';
  }
}

function formatUnsafe(info: AgnesErrorInfo, options: FormatOptions): string {
  const locale = resolveLocale(options.locale ?? info.locale);
  const messages = getMessages(locale);
  const zh = locale === 'zh';
  const end = messages.sentenceEnd;
  // A refused request has no status: its entry is the one of the status the server would have answered.
  const expected = info.stop === 'preflight' ? info.stopDetails?.expectedStatus : undefined;
  const entry =
    getEntry(info.status ?? (typeof expected === 'number' ? expected : undefined), locale) ??
    (locale === info.locale ? info.entry : undefined);
  const head =
    info.stop === 'preflight'
      ? `Agnes API ${messages.notSentTitle}`
      : info.status === undefined
        ? `Agnes API ${messages.noResponseTitle}`
        : `Agnes API ${info.status}${entry ? ` ${entry.title}` : ''}`;
  const hints = info.hints.map((hint) => {
    const text = messages.reasons[hint.reason](hint.details);
    return { cause: locale === info.locale ? hint.message : text.cause, fix: text.fix };
  });
  const parts: string[] = [];
  const cause = hints[0]?.cause ?? entry?.meaning ?? '';
  // A cause that asks ("did you mean ...?") keeps its question mark.
  parts.push(`${head}${zh ? '：' : ': '}${cause.replace(/[.。]$/, '')}${/[?？]$/.test(cause) ? '' : end}`);
  if (info.providerMessage && info.status !== undefined) {
    const said =
      info.providerMessage.length > 200 ? `${info.providerMessage.slice(0, 199)}…` : info.providerMessage;
    if (!hints[0]?.cause.includes(said)) parts.push(messages.providerSaid(said));
  }
  const attempts = info.attempts ?? 1;
  if (attempts > 1) parts.push(messages.gaveUp(attempts, seconds(info.elapsedMs ?? info.totalDelayMs ?? 0)));
  if (info.stop && info.stop !== 'max_retries' && !(info.stop === 'not_retryable' && attempts === 1)) {
    parts.push(
      messages.stops[info.stop]({
        ...info.stopDetails,
        ...(info.status !== undefined && { status: info.status }),
      }),
    );
  }
  const fixes: string[] = [];
  // A refused request has no error message to read and nothing to retry: its own fixes say it all.
  const solutions =
    entry && info.stop !== 'preflight'
      ? entry.solutions.filter((_, index) => solutionFits(info, entry.status, index))
      : [];
  for (const candidate of [...hints.map((hint) => hint.fix), ...solutions]) {
    if (candidate && !fixes.includes(candidate)) fixes.push(candidate);
  }
  const shown = fixes.slice(0, options.maxSolutions ?? 3).map((fix) => (zh ? fix : lowerFirst(fix)));
  if (shown.length > 0)
    parts.push(`${messages.tryPrefix}${zh ? '' : ' '}${shown.join(messages.listSeparator)}${end}`);
  if (info.requestId) parts.push(`[${messages.requestId}: ${info.requestId}]`);
  return redact(
    parts
      .join(zh ? '' : ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}
