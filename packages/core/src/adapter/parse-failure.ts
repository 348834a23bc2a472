import type { AgnesController } from '../call/controller.ts';
import type { AgnesFailure } from '../types/failure.ts';
import { carrySecrets } from '../util/known-secrets.ts';
import { finalError } from './final-error.ts';

/** What a body parse failure is read as: got's code for the same failure, which the classifier knows. */
const parseFailureCode = 'ERR_BODY_PARSE_FAILURE';

/**
 * A success whose body is not the JSON the endpoint returns (an HTML page from a proxy, a body cut
 * short), seen where the library parses it (ky's `.json()`, the OpenAI SDK's parse): the parse
 * error itself, decorated with the diagnosis `invalid_response` (never retried: the answer was
 * delivered), or an `AgnesError` around it with `throwAgnesError`. `request` says what was sent.
 * No event is emitted: the call had succeeded as far as pacing and retries are concerned.
 */
export function invalidResponseError(
  controller: AgnesController,
  error: unknown,
  request: Pick<AgnesFailure, 'method' | 'url' | 'requestHeaders'> = {},
): unknown {
  const call = controller.begin();
  call.adoptAttempts(1);
  const info = call.classify({
    ...request,
    condition: 'network',
    errorCode: parseFailureCode,
    errorMessage: error instanceof Error ? error.message : String(error),
  });
  const final = carrySecrets(
    { ...info, retryable: false, attempts: 1, stop: 'not_retryable' as const },
    info,
  );
  return finalError(error, final, controller.options);
}
