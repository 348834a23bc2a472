import type { AgnesOptions } from '../options.ts';
import { endpointOf } from '../types/endpoint.ts';
import type { CallOperation, CallStartEvent } from '../types/events.ts';
import { redact } from '../util/redact.ts';

/**
 * What an adapter tells `begin()` about the request, read only when an `onCallStart` listener
 * exists (so the success path of a call nobody listens to builds nothing).
 */
export interface CallRequest {
  /** The HTTP method. */
  readonly method?: string | undefined;
  /** The request URL (absolute; a relative one gives no server). */
  readonly url?: string | URL | undefined;
  /**
   * The request body, read for its `model` only: a string or bytes (the first 64 KiB), or a plain
   * object. Streams are never read.
   */
  readonly body?: unknown;
  /** The model, when the adapter knows it without reading the body. */
  readonly model?: string | undefined;
  /** The operation, when the adapter knows it better than the URL's path. */
  readonly operation?: CallOperation | undefined;
}

/** The events of a call, as the controller hands them to it (the client's, with the call's overrides). */
export type CallEvents = Pick<
  AgnesOptions,
  'onRetry' | 'onGiveUp' | 'onCallStart' | 'onAttemptStart' | 'onAttemptEnd' | 'onCallWait' | 'onCallEnd'
>;

/** Whether anyone listens to the events that need a call's identity. */
export function wantsCallId(events: CallEvents): boolean {
  return (
    events.onCallStart !== undefined ||
    events.onAttemptStart !== undefined ||
    events.onAttemptEnd !== undefined ||
    events.onCallWait !== undefined ||
    events.onCallEnd !== undefined
  );
}

// A prefix per copy of core, so that two copies in one process never hand out the same identity.
const idPrefix = Math.floor(Math.random() * 36 ** 6).toString(36);
let lastId = 0;

/** A call identity unique in the process. */
export function newCallId(): string {
  lastId += 1;
  return `${idPrefix}-${lastId}`;
}

/**
 * Calls a listener; one that throws is ignored: telemetry must never break the call it observes.
 */
export function emit<E>(listener: ((event: E) => void) | undefined, event: E): void {
  if (!listener) return;
  try {
    listener(event);
  } catch {
    // Ignored, as promised in the options' documentation.
  }
}

const operations: Readonly<Record<string, CallOperation>> = {
  chat: 'chat',
  messages: 'chat',
  completions: 'text_completion',
  responses: 'responses',
  embeddings: 'embeddings',
  images: 'images',
  video_create: 'videos',
  video_status: 'videos',
  models: 'models',
};

/** How much of a body is searched for its model: the model comes first in every SDK's body. */
const modelSearchBytes = 64 * 1024;
const modelField = /"model"\s*:\s*"([^"\\]{1,200})"/;

/** The `model` a request body names, searched in a bounded prefix; never reads a stream. */
export function modelOf(body: unknown): string | undefined {
  let text: string | undefined;
  if (typeof body === 'string') text = body.slice(0, modelSearchBytes);
  else if (body instanceof Uint8Array) text = new TextDecoder().decode(body.subarray(0, modelSearchBytes));
  else if (body instanceof ArrayBuffer)
    text = new TextDecoder().decode(new Uint8Array(body, 0, Math.min(body.byteLength, modelSearchBytes)));
  else if (typeof body === 'object' && body !== null && Object.getPrototypeOf(body) === Object.prototype) {
    const model = (body as { model?: unknown }).model;
    return typeof model === 'string' ? model.slice(0, 200) : undefined;
  }
  return text === undefined ? undefined : modelField.exec(text)?.[1];
}

const keyShaped = /(?:sk|cpk|key|token)[-_=]|Bearer|Basic/i;

const defaultPorts: Readonly<Record<string, number>> = { 'https:': 443, 'http:': 80 };

/** The call's start event, from what the adapter said about the request. Never throws. */
export function callStartEvent(
  callId: string,
  startedAt: number,
  request: (() => CallRequest) | undefined,
): CallStartEvent {
  let described: CallRequest = {};
  let parsed: URL | undefined;
  try {
    described = request?.() ?? {};
    if (described.url !== undefined) parsed = new URL(String(described.url));
  } catch {
    // A request we cannot describe still gets its events, without the parts we could not read.
  }
  const operation =
    described.operation ?? (parsed ? (operations[endpointOf(parsed.pathname).kind] ?? 'other') : 'other');
  let model = described.model;
  try {
    model ??= modelOf(described.body);
  } catch {
    model = undefined;
  }
  return {
    callId,
    operation,
    model,
    method: described.method?.toUpperCase(),
    serverAddress: parsed?.hostname || undefined,
    serverPort: parsed ? Number(parsed.port) || defaultPorts[parsed.protocol] : undefined,
    // Origin and path only: no userinfo, no query (keys travel there), no fragment; a path that
    // holds something key-shaped is redacted (the full redaction costs microseconds: only then).
    url: parsed
      ? `${parsed.origin}${keyShaped.test(parsed.pathname) ? redact(parsed.pathname) : parsed.pathname}`
      : undefined,
    startedAt,
  };
}
