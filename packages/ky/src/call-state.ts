import type { AgnesController, CallState } from '@agnes-errors/core';

/** Agnes state of one ky call, found again from the objects ky hands to hooks and errors. */
export interface KyCall {
  readonly state: CallState;
  /** ky 1 runs `beforeRequest` before every attempt, ky 2 once: pacing follows. */
  readonly pacedPerAttempt: boolean;
  /** The first request of the call: method, URL and headers for diagnoses. */
  readonly request: Request | undefined;
  /** ky 1's per-attempt timeout, when known. */
  readonly timeoutMs: number | undefined;
  /** The request body as ky serialised it (JSON text), for diagnoses after a failure. */
  readonly requestBody: string | undefined;
}

/**
 * Links ky's per-attempt objects (requests, responses, errors) to their call. ky clones the request
 * for each attempt and builds errors from whichever copy it holds, so the link follows the copies:
 * a sent request maps to its call, a response or network error to the request it came from.
 */
export class CallRegistry {
  readonly #byObject = new WeakMap<object, KyCall>();
  readonly #onRequest = Symbol('agnes-errors call');

  link(target: object, call: KyCall): void {
    this.#byObject.set(target, call);
  }

  /**
   * Links a request ky is about to send. Every call links one, so this path avoids the WeakMap: its
   * entries for short-lived requests cost measurable GC time per call. The property is hidden
   * (non-enumerable) and the request already carries everything the call refers to.
   */
  linkRequest(request: Request, call: KyCall): void {
    if (Object.isExtensible(request)) {
      Object.defineProperty(request, this.#onRequest, { value: call, configurable: true, writable: true });
    } else this.link(request, call);
  }

  find(target: unknown): KyCall | undefined {
    if (typeof target !== 'object' || target === null) return undefined;
    return (target as { [key: symbol]: KyCall | undefined })[this.#onRequest] ?? this.#byObject.get(target);
  }

  /** The call an error belongs to: by its response, its own tag, its cause, or its request. */
  forError(error: unknown): KyCall | undefined {
    const candidate = error as { response?: unknown; cause?: unknown; request?: unknown } | undefined;
    return (
      this.find(candidate?.response) ??
      this.find(error) ??
      this.find(candidate?.cause) ??
      this.find(candidate?.request)
    );
  }

  /** A call for an error we never saw start (e.g. a user-supplied fetch replaced ours). */
  orphan(controller: AgnesController, signal: AbortSignal | undefined, retryCount: number): KyCall {
    const state = controller.begin({ signal });
    state.attempts = retryCount;
    return {
      state,
      pacedPerAttempt: false,
      request: undefined,
      timeoutMs: undefined,
      requestBody: undefined,
    };
  }
}
