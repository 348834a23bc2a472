import type { AgnesFetch } from '@agnes-errors/core';
import { type AgnesConnection, type AgnesController, diagnosingFetch } from '@agnes-errors/core/adapter-kit';
import { type CallDiagnoses, takeCallId } from './calls.ts';
import type { AgnesProviderSettings } from './types.ts';

/**
 * The fetch the AI SDK provider calls: the key added per request (so a missing one is reported at the
 * call, as AI SDK providers do), the Agnes loop (pacing, classification, retries, fallback models)
 * inside, and each call's final diagnosis recorded for the error the AI SDK builds from it.
 */
export function providerFetch(
  settings: AgnesProviderSettings,
  connection: AgnesConnection,
  controller: AgnesController,
  calls: CallDiagnoses,
): AgnesFetch {
  /** Which model call each request in flight belongs to. */
  const callOf = new WeakMap<RequestInit, string>();
  const agnes = diagnosingFetch({
    ...settings,
    controller,
    fetch: settings.fetch,
    // Every request of the provider goes to its base URL: its origin is in scope.
    baseURL: connection.baseURL,
    onDiagnosis: (info, _failure, init) => {
      const id = init && callOf.get(init);
      if (id !== undefined) calls.record(id, info);
    },
  });
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const tagged = takeCallId(init);
    const headers = new Headers(tagged.init?.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${connection.apiKey()}`);
    const sent: RequestInit = { ...tagged.init, headers };
    if (tagged.id !== undefined) callOf.set(sent, tagged.id);
    return agnes(input, sent);
  };
  return Object.assign(wrapped, { controller }) as AgnesFetch;
}
