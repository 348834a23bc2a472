import type { AgnesErrorInfo } from './failure.ts';
import type { AgnesReason } from './reasons.ts';
import type { StopReason } from './stop.ts';

/** Sent after a failed attempt, before the wait. */
export interface RetryEvent {
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly info: AgnesErrorInfo;
  /** The call's identity (see `CallStartEvent`), when a call emitted it. */
  readonly callId?: string | undefined;
}

/** Sent once when the engine stops trying. */
export interface GiveUpEvent {
  readonly attempts: number;
  readonly totalDelayMs: number;
  readonly info: AgnesErrorInfo;
  readonly stop: StopReason;
  /**
   * The call's identity (see `CallStartEvent`); `undefined` for a failure diagnosed outside a call
   * (a stream error a framework hands on after its call ended).
   */
  readonly callId?: string | undefined;
}

/** Sent when a request waits for the rate limiter before it starts. */
export interface WaitEvent {
  readonly waitMs: number;
  /**
   * `pause` when no rpm pacing is configured (so the wait is a pause after a 429); `rpm` when it is
   * (the wait is for a free slot in the window, or a pause, whichever ends later).
   */
  readonly cause: 'pause' | 'rpm';
}

/**
 * What a call does, from its endpoint (`gen_ai.operation.name` in OpenTelemetry's GenAI
 * conventions where one exists): `chat` (chat completions and messages), `text_completion`,
 * `responses`, `embeddings`, `images`, `videos` (creating a task or reading it), `models`, or
 * `other` for a path that names no Agnes endpoint.
 */
export type CallOperation =
  | 'chat'
  | 'text_completion'
  | 'responses'
  | 'embeddings'
  | 'images'
  | 'videos'
  | 'models'
  | 'other';

/**
 * Sent when a call starts, before it waits for the rate limiter. Every later event of the call
 * carries the same `callId`. Built only when an `onCallStart` listener exists; never holds the key,
 * a query string or any prompt text.
 */
export interface CallStartEvent {
  /** This call's identity, unique in the process: key per-call state on it. */
  readonly callId: string;
  /** What the call does, from its endpoint (`other` when the adapter cannot tell). */
  readonly operation: CallOperation;
  /** The model the request names (its body's `model`), when known. */
  readonly model: string | undefined;
  /** The HTTP method, upper case, when known. */
  readonly method: string | undefined;
  /** The server's host name, when known. */
  readonly serverAddress: string | undefined;
  /** The server's port, when the URL names one or its scheme implies one. */
  readonly serverPort: number | undefined;
  /** The URL without credentials, query or fragment (`https://host/v1/chat/completions`), when known. */
  readonly url: string | undefined;
  /** When the call started, in epoch ms (the client's clock). */
  readonly startedAt: number;
}

/** Sent when an attempt is sent, after any wait for the rate limiter. */
export interface AttemptStartEvent {
  readonly callId: string;
  /** The attempt's number: the first is 1. */
  readonly attempt: number;
  /** How many times the request was sent before (`http.request.resend_count`): `attempt - 1`. */
  readonly resendCount: number;
  /** When the attempt started, in epoch ms. */
  readonly startedAt: number;
}

/**
 * Sent when an attempt's answer is known: a success, or a failure with its diagnosis (before the
 * decision to retry or stop). An attempt the caller aborted ends with `condition: 'abort'`.
 */
export interface AttemptEndEvent {
  readonly callId: string;
  readonly attempt: number;
  readonly resendCount: number;
  /** True when the attempt answered with a success. */
  readonly ok: boolean;
  /** The HTTP status, when a response arrived and the adapter saw it. */
  readonly status: number | undefined;
  /** For a failure without a response: what happened instead. */
  readonly condition: 'network' | 'timeout' | 'abort' | 'stream' | undefined;
  /** The diagnosis of a failure (its `info.reason`); `undefined` on success or abort. */
  readonly reason: AgnesReason | undefined;
  /** How long the attempt took, in ms. */
  readonly durationMs: number;
}

/**
 * Why a call waits: `pacing` (for a free slot in the rate-limit window), `pause` (the client is
 * paused after a 429), `backoff` (between attempts, by the backoff schedule), `retry_after` (the
 * wait the server asked for).
 */
export type WaitCause = 'pacing' | 'pause' | 'backoff' | 'retry_after';

/** Sent when a call starts waiting: for the rate limiter before an attempt, or between attempts. */
export interface CallWaitEvent {
  readonly callId: string;
  readonly cause: WaitCause;
  /** The wait, in ms. */
  readonly delayMs: number;
  /** The attempt that will follow the wait. */
  readonly attempt: number;
  /** For a wait after a failure: the failure's diagnosis. */
  readonly reason: AgnesReason | undefined;
}

/**
 * Sent once when a call ends without a diagnosis: it succeeded (`success`), the caller aborted it
 * during a wait or an attempt (`aborted`), or the client threw something that is no request
 * failure (`abandoned`). A call that fails ends with `onGiveUp` instead (some clients report a
 * caller's abort there, with stop `caller_aborted`). A streamed answer that breaks after its call
 * succeeded is reported by `onGiveUp` after this event.
 */
export interface CallEndEvent {
  readonly callId: string;
  readonly outcome: 'success' | 'aborted' | 'abandoned';
  readonly attempts: number;
  /** Time spent waiting between attempts, in ms. */
  readonly totalDelayMs: number;
  /** From the call's start to its end, waits included, in ms. */
  readonly elapsedMs: number;
}

/** Sent when the concurrency limit of `maxConcurrency: 'auto'` changes. */
export interface ConcurrencyChangeEvent {
  /** The limit before (`Infinity`: uncapped). */
  readonly from: number;
  /** The limit now (`Infinity`: uncapped again). */
  readonly to: number;
  /**
   * `overload`: an answer showed it (504, 524, a 503 that is no model fault, a client timeout);
   * `latency`: answers came back well slower than their recent floor; `healthy`: answers came
   * back healthy while the limit was in use.
   */
  readonly why: 'overload' | 'latency' | 'healthy';
}
