import { type HeadersLike, toHeaderMap } from '../util/headers.ts';
import { parseRetryAfter } from '../util/retry-after.ts';

/** How often a task's status is read while it runs. */
export interface PollSchedule {
  /**
   * Wait before the first poll, in ms: a video takes tens of seconds at least, so polling at once
   * spends a request for nothing.
   * @default 2000
   */
  readonly initialMs?: number;
  /**
   * Each wait is the previous one times this, so a long task costs few polls.
   * @default 1.5
   */
  readonly growth?: number;
  /**
   * The longest wait between two polls, in ms: a finished video is noticed at most this late.
   * @default 15000
   */
  readonly maxMs?: number;
  /**
   * Random spread of each wait, as a fraction (0.2: +-20%), so tasks created together do not poll
   * in lockstep.
   * @default 0.2
   */
  readonly jitter?: number;
  /**
   * Longest server hint honoured, in ms (`openai-poll-after-ms`, `retry-after-ms`, `Retry-After` on
   * a poll's answer): a hint wins over the schedule, up to this.
   * @default 60000
   */
  readonly maxHintMs?: number;
}

/** The defaults of {@link PollSchedule}. */
export const defaultPollSchedule: Readonly<Required<PollSchedule>> = {
  initialMs: 2000,
  growth: 1.5,
  maxMs: 15_000,
  jitter: 0.2,
  maxHintMs: 60_000,
};

/** The schedule with its defaults, checked: a value that makes no sense is a `TypeError` naming it. */
export function normalizePollSchedule(schedule: PollSchedule = {}): Required<PollSchedule> {
  const full = { ...defaultPollSchedule, ...schedule };
  // A first wait above the default cap raises the cap (unless one was given).
  if (schedule.maxMs === undefined) full.maxMs = Math.max(full.maxMs, full.initialMs);
  const checks: [keyof PollSchedule, boolean][] = [
    ['initialMs', full.initialMs >= 0],
    ['growth', full.growth >= 1],
    ['maxMs', full.maxMs >= full.initialMs],
    ['jitter', full.jitter >= 0 && full.jitter < 1],
    ['maxHintMs', full.maxHintMs >= 0],
  ];
  for (const [name, ok] of checks)
    if (!ok || !Number.isFinite(full[name]))
      throw new TypeError(`agnesVideos: poll.${name} is out of range (got ${String(full[name])}).`);
  return full;
}

/**
 * The wait before poll number `poll` (0 for the first): `initialMs * growth^poll`, capped at
 * `maxMs`, spread by `jitter`.
 */
export function pollDelay(poll: number, schedule: Required<PollSchedule>, random: () => number): number {
  const base = Math.min(schedule.maxMs, schedule.initialMs * schedule.growth ** poll);
  const spread = 1 + schedule.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base * spread));
}

/** A whole or decimal number of ms. */
function milliseconds(value: string | undefined): number | undefined {
  const text = value?.trim();
  return text && /^\d+(\.\d+)?$/.test(text) ? Math.ceil(Number(text)) : undefined;
}

/**
 * The wait a successful answer asks for before the next poll, in ms: `openai-poll-after-ms` (the
 * OpenAI API's polling hint), `retry-after-ms`, `Retry-After` (seconds or an HTTP-date);
 * `undefined` when it asks for none. Rate-limit reset headers are not read: they say when the
 * window frees, not when the task will be done (the limiter already paces to them).
 */
export function serverPollHint(headers: HeadersLike | undefined, nowMs: number): number | undefined {
  if (headers === undefined) return undefined;
  const map = toHeaderMap(headers);
  return (
    milliseconds(map.get('openai-poll-after-ms')) ??
    milliseconds(map.get('retry-after-ms')) ??
    parseRetryAfter(map.get('retry-after'), nowMs)
  );
}
