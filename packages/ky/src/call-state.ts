import type { AgnesCall, AgnesController, AttemptSignal } from '@agnes-errors/core/adapter-kit';

/** Agnes state of one ky call, found again from the objects ky hands to hooks and errors. */
export interface KyCall {
  readonly call: AgnesCall;
  /** ky 1 runs `beforeRequest` before every attempt, ky 2 once: pacing follows. */
  readonly pacedPerAttempt: boolean;
  /** The first request of the call: method, URL and headers for diagnoses. */
  readonly request: Request | undefined;
  /** ky 1's per-attempt timeout, when known. */
  readonly timeoutMs: number | undefined;
  /** The request body as ky serialised it (JSON text), for diagnoses after a failure. */
  readonly requestBody: string | undefined;
  /** The deadline signal of the attempt in flight, released once its error body has been read. */
  attempt?: AttemptSignal;
}

/**
 * Links ky's per-attempt objects (requests, responses, errors) to their call. ky clones the request
 * for each attempt and builds errors from whichever copy it holds, so the link follows the copies:
 * a sent request maps to its call, a response or network error to the request it came from.
 */
export class KyCallLinks {
  readonly #byObject = new WeakMap<object, KyCall>();

  link(target: object, call: KyCall): void {
    this.#byObject.set(target, call);
  }

  find(target: unknown): KyCall | undefined {
    return typeof target === 'object' && target !== null ? this.#byObject.get(target) : undefined;
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
    const call = controller.begin({ signal });
    call.adoptAttempts(retryCount);
    return {
      call,
      pacedPerAttempt: false,
      request: undefined,
      timeoutMs: undefined,
      requestBody: undefined,
    };
  }
}
