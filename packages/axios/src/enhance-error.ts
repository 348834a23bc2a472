import {
  AgnesError,
  type AgnesErrorInfo,
  attachAgnesInfo,
  formatAgnesMessage,
  redact,
} from '@agnes-errors/core';
import type { AxiosError } from 'axios';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Gives an AxiosError the Agnes diagnosis and message, keeping its type, `config`, `request` and
 * `response` for existing code, while its JSON and inspect output carry no credentials (axios
 * serialises the config, headers included, into `toJSON`).
 */
export function enhanceError(error: AxiosError, info: AgnesErrorInfo, throwAgnesError: boolean): Error {
  if (throwAgnesError) return new AgnesError(info, { cause: error });
  error.message = formatAgnesMessage(info);
  attachAgnesInfo(error, info);
  const original = error.toJSON.bind(error);
  Object.defineProperty(error, 'toJSON', {
    configurable: true,
    value: () => {
      const json = original() as Record<string, unknown>;
      const config = json.config as Record<string, unknown> | undefined;
      return JSON.parse(
        redact(
          JSON.stringify({
            ...json,
            config: config && { ...config, headers: undefined },
            agnes: { ...info, entry: undefined },
          }),
        ),
      );
    },
  });
  Object.defineProperty(error, inspectSymbol, {
    configurable: true,
    value: () => {
      const { status, reason, retryable, requestId, attempts } = info;
      return `${error.name}: ${error.message}\n  code: ${error.code}\n  agnes: ${JSON.stringify({ status, reason, retryable, attempts, requestId })}`;
    },
  });
  return error;
}
