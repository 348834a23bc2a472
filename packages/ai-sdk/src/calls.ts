import type { AgnesErrorInfo } from '@agnes-errors/core';

/**
 * The request header that tags the HTTP requests of one model call. Our fetch removes it before the
 * request leaves, so the server never sees it.
 */
export const callHeader = 'x-agnes-call';

/** Calls this many ids old that never came back (a stream the caller dropped) are forgotten. */
const maxOpen = 1000;

/**
 * Links one model call (`doGenerate`, `doStream`, `doEmbed`) to the HTTP requests our fetch makes for
 * it, so the AI SDK's error for that call gets the final diagnosis (attempts, waits, stop reason) of
 * our retry loop, not a fresh guess from the last response.
 */
export class CallDiagnoses {
  readonly #diagnoses = new Map<string, AgnesErrorInfo | undefined>();
  #counter = 0;

  /** A new call id. */
  open(): string {
    this.#counter += 1;
    const id = String(this.#counter);
    this.#diagnoses.set(id, undefined);
    if (this.#diagnoses.size > maxOpen) this.#diagnoses.delete(this.#diagnoses.keys().next().value as string);
    return id;
  }

  /** Records the final diagnosis of a call's request (the last one wins: fallback models send several). */
  record(id: string, info: AgnesErrorInfo): void {
    if (this.#diagnoses.has(id)) this.#diagnoses.set(id, info);
  }

  /** The call's final diagnosis, if its request failed; forgets the call. */
  close(id: string): AgnesErrorInfo | undefined {
    const info = this.#diagnoses.get(id);
    this.#diagnoses.delete(id);
    return info;
  }
}

/** Removes the call tag from request headers (a record or a `Headers`); answers the call id. */
export function takeCallId(init: RequestInit | undefined): {
  id: string | undefined;
  init: RequestInit | undefined;
} {
  const headers = init?.headers;
  if (headers === undefined || headers === null) return { id: undefined, init };
  const copy = new Headers(headers);
  const id = copy.get(callHeader) ?? undefined;
  if (id === undefined) return { id, init };
  copy.delete(callHeader);
  return { id, init: { ...init, headers: copy } };
}
