import type { AgnesErrorInfo } from '../classify/types.ts';
import { formatAgnesMessage } from '../messages/format.ts';
import { redact } from '../util/redact.ts';
import { attachAgnesInfo } from './get-info.ts';
import { inspectSummary, inspectSymbol } from './inspect.ts';

/**
 * Gives a client's own error (AxiosError, ky's HTTPError, got's RequestError...) the Agnes
 * diagnosis and message while keeping its type and properties for existing code. Its `toJSON` and
 * Node inspect output become credential-free: clients keep request headers on their errors.
 */
export function decorateError<E extends Error>(
  error: E,
  info: AgnesErrorInfo,
): E & { agnes: AgnesErrorInfo } {
  // defineProperty, not assignment: some errors (DOMException) have a getter-only message.
  Object.defineProperty(error, 'message', {
    value: formatAgnesMessage(info),
    configurable: true,
    writable: true,
  });
  attachAgnesInfo(error, info);
  const ownToJSON = (error as { toJSON?: () => unknown }).toJSON;
  const base = typeof ownToJSON === 'function' ? ownToJSON.bind(error) : undefined;
  Object.defineProperty(error, 'toJSON', {
    configurable: true,
    writable: true,
    value: () => {
      let original: unknown;
      try {
        original = base?.();
      } catch {
        original = undefined;
      }
      const code = (error as { code?: unknown }).code;
      const json = {
        ...(typeof original === 'object' ? original : {}),
        name: error.name,
        message: error.message,
        code,
        agnes: { ...info, entry: undefined },
      };
      return JSON.parse(redact(JSON.stringify(json)));
    },
  });
  Object.defineProperty(error, inspectSymbol, {
    configurable: true,
    writable: true,
    value: () => inspectSummary(error, info),
  });
  return error as E & { agnes: AgnesErrorInfo };
}
